"""The public checks of lecture2.bigram."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import SEED, STOI
from grader.checks.lecture2 import (
    TINY, TINY_STOI, counts_match_reference, counts_probe, generator, itos_of, judge_losses, judge_names, judge_vocab,
    label, name_counts, number, pick, probs, probs_match_reference, probs_probe, vocabulary,
)
from grader.judge import passed, true


@check(case=dict(words=(None, TINY)))
def vocab(sub, words):
    return [dict(zip(("stoi", "itos"), sub.build_vocab(pick(w)))) for w in words]


@vocab.judge
def vocabularies_match_reference(got, want):
    verdict = passed()
    for g, w in zip(got, want):
        verdict &= judge_vocab(g, w)
    return verdict


@check(weight=2, case=dict(fn="bigram_counts", n=2, vocabs=((None, STOI), (TINY, TINY_STOI))))
def counts_match(sub, **case):
    return counts_probe(sub, **case)


@check(weight=2, case=dict(fn="bigram_probs", n=2, words=None, ks=(1, 0)))
def probs_match(sub, **case):
    return probs_probe(sub, **case)


counts_match.judge(counts_match_reference)
probs_match.judge(probs_match_reference)


# (words counted, k, words scored, vocabulary): the names, a word with an unseen bigram, a small vocabulary
@check(weight=2, case=dict(scores=((None, 1, None, STOI), (None, 1, ("andrejq",), STOI),
                                   (TINY, 1, TINY[:2], TINY_STOI))))
def nll_match(sub, scores):
    return {label(scored): number(
        sub.nll(probs(name_counts(2, counted, stoi), k), pick(scored), dict(stoi)))
        for counted, k, scored, stoi in scores}


@nll_match.judge
def nll_matches_reference(got, want):
    return judge_losses(got, want, "nll")


# (words counted, k, vocabulary, how many names, the generator's seed)
@check(weight=2, case=dict(draws=((None, 1, STOI, 10, SEED), (TINY, 0.5, TINY_STOI, 8, 7))))
def sampling(sub, draws):
    out = []
    for counted, k, stoi, n, seed in draws:
        P = probs(name_counts(2, counted, stoi), k)
        torch.manual_seed(1)                # a learner who forgets generator=g draws from here...
        first = sub.sample_names(P, itos_of(stoi), n, generator(seed))
        torch.manual_seed(2)                # ...and gets other names the second time
        out.append({"names": first, "again": sub.sample_names(P, itos_of(stoi), n, generator(seed))})
    return out


@sampling.judge
def samples_match_reference(got, want, draws):
    verdict = passed()
    for g, w, (_, _, stoi, _, seed) in zip(got, want, draws):
        name = f"sample_names{vocabulary(stoi)} with generator seed {seed}"
        v = judge_names(g["names"], w["names"], name)
        verdict &= v if not v else true(g["again"] == g["names"], f"{name}: a second call with a generator seeded "
                                        f"alike gave other names: draw only from g (generator=g), never from the "
                                        f"global RNG")
    return verdict
