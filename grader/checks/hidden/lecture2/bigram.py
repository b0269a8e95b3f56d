"""The hidden checks of lecture2.bigram."""
from __future__ import annotations

from grader.check import check
from grader.checks.hidden.lecture2 import SMALL, SMALL_STOI
from grader.checks.lecture2 import (
    ITOS, STOI, counts, generator, judge_counts, judge_losses, judge_names, judge_probs, judge_vocab, number, probs,
    some_names,
)


SMALL_ITOS = {i: ch for ch, i in SMALL_STOI.items()}


@check()
def vocab_other_words(sub):
    stoi, itos = sub.build_vocab(SMALL)
    big_stoi, big_itos = sub.build_vocab(some_names(3000, 101))
    return {"small": {"stoi": stoi, "itos": itos}, "big": {"stoi": big_stoi, "itos": big_itos}}


@vocab_other_words.judge
def _(got, want):
    return judge_vocab(got["small"], want["small"]) & judge_vocab(got["big"], want["big"])


@check(weight=2)
def counts_other_words(sub):
    return {"N": sub.bigram_counts(some_names(1000, 102), STOI), "small": sub.bigram_counts(SMALL, SMALL_STOI)}


@counts_other_words.judge
def _(got, want):
    return judge_counts(got["N"], want["N"], "N", "'.' + word + '.'") & \
        judge_counts(got["small"], want["small"], "N of a 6-character vocabulary", "'.' + word + '.'")


@check(weight=2)
def probs_other_k(sub):
    N = counts(some_names(500, 103), 2)
    return {"P": sub.bigram_probs(N, k=0.5), "P3": sub.bigram_probs(N, k=3)}


@probs_other_k.judge
def _(got, want):
    return judge_probs(got["P"], want["P"], "P (k=0.5)", 1) & judge_probs(got["P3"], want["P3"], "P (k=3)", 1)


@check(weight=2)
def nll_other_words(sub):
    P = probs(counts(some_names(800, 104), 2), 2)
    return {"words": number(sub.nll(P, some_names(300, 105), STOI)),
            "small": number(sub.nll(probs(counts(SMALL, 2, SMALL_STOI), 1), ["bob", "emma"], SMALL_STOI))}


@nll_other_words.judge
def _(got, want):
    return judge_losses(got, want, "nll")


@check(weight=2)
def sampling_other_seed(sub):
    P = probs(counts(some_names(800, 106), 2), 2)
    small = probs(counts(SMALL, 2, SMALL_STOI), 0.5)
    return {"names": sub.sample_names(P, ITOS, 20, generator(42)),
            "small": sub.sample_names(small, SMALL_ITOS, 10, generator(7))}


@sampling_other_seed.judge
def _(got, want):
    return judge_names(got["names"], want["names"], "sample_names") & \
        judge_names(got["small"], want["small"], "sample_names with a 6-character vocabulary")
