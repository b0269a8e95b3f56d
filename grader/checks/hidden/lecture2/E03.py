"""The hidden checks of lecture2.E03."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture2 import counts, judge_losses, judge_tuning, ngrams, number, some_names, split, tuning_probe


@check()
def smoothed_other(sub):
    train, dev, _ = split(some_names(3000, 151), seed=3)
    return {"bigram": number(sub.smoothed_nll(counts(train, 2), ngrams(dev, 2), 0.02)),
            "4-gram": number(sub.smoothed_nll(counts(train, 4), ngrams(dev, 4), 0.7))}


smoothed_other.judge(lambda got, want: judge_losses(got, want, "smoothed_nll", atol=1e-4))


@check(weight=3)
def tuning_other(sub):
    # A bigram on 2000 names; test reversed again, so its best k differs from dev's.
    train, dev, test = split(some_names(2500, 152), seed=5)
    ks = [0.05, 0.2, 0.5, 2, 5, 20]
    return {**tuning_probe(sub, counts(train, 2), ngrams(dev, 2), ngrams([w[::-1] for w in test], 2), ks),
            "ks": ks}


tuning_other.judge(judge_tuning)
