"""The public checks of lecture2.bigram."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import ITOS, STOI, names
from grader.checks.lecture2 import (
    generator, judge_counts, judge_losses, judge_names, judge_probs, judge_vocab, name_counts, number, probs,
)
from grader.judge import true


@check()
def vocab(sub):
    stoi, itos = sub.build_vocab(names())
    return {"stoi": stoi, "itos": itos}


vocab.judge(judge_vocab)


@check(weight=2)
def counts_match(sub):
    return {"N": sub.bigram_counts(names(), STOI)}


counts_match.judge(lambda got, want: judge_counts(got["N"], want["N"], "N", "'.' + word + '.'"))


@check(weight=2)
def probs_match(sub):
    N = name_counts(2)
    return {"P": sub.bigram_probs(N, k=1), "P0": sub.bigram_probs(N, k=0)}


@probs_match.judge
def _(got, want):
    return judge_probs(got["P"], want["P"], "P (k=1)", 1) & judge_probs(got["P0"], want["P0"], "P (k=0)", 1)


@check(weight=2)
def nll_match(sub):
    P = probs(name_counts(2), 1)
    return {"all": number(sub.nll(P, names(), STOI)),
            "andrejq": number(sub.nll(P, ["andrejq"], STOI))}


@nll_match.judge
def _(got, want):
    return judge_losses(got, want, "nll")


@check(weight=2)
def sampling(sub):
    P = probs(name_counts(2), 1)
    torch.manual_seed(1)                    # a learner who forgets generator=g draws from here...
    first = sub.sample_names(P, ITOS, 10, generator())
    torch.manual_seed(2)                    # ...and gets other names the second time
    again = sub.sample_names(P, ITOS, 10, generator())
    return {"names": first, "again": again}


@sampling.judge
def _(got, want):
    verdict = judge_names(got["names"], want["names"], "sample_names")
    if verdict:
        verdict = true(got["again"] == got["names"], "a second call with a generator seeded alike gave "
                       "other names: draw only from g (generator=g), never from the global RNG")
    return verdict
