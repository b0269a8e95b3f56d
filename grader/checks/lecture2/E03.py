"""The public checks of lecture2.E03."""
from __future__ import annotations

from grader.check import check
from grader.checks.common import names, split
from grader.checks.lecture2 import counts, judge_losses, judge_tuning, ngrams, number, tuning_probe


@check()
def smoothed(sub):
    train, dev, _ = split(names())
    N, ix = counts(train, 3), ngrams(dev, 3)
    return {f"k={k}": number(sub.smoothed_nll(N, ix, k)) for k in (0.1, 1, 10)}


@smoothed.judge
def _(got, want):
    return judge_losses(got, want, "smoothed_nll", atol=1e-4)


@check(weight=3)
def tuning(sub):
    # Test is reversed names: its best k (large) is far from dev's (small), so
    # choosing k on test instead of dev shows up in best_k.
    train, dev, test = split(names())
    ks = [0.01, 0.03, 0.1, 0.3, 1, 3, 10]
    return {**tuning_probe(sub, counts(train, 3), ngrams(dev, 3), ngrams([w[::-1] for w in test], 3), ks),
            "ks": ks}


tuning.judge(judge_tuning)
