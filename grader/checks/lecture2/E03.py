"""The public checks of lecture2.E03."""
from __future__ import annotations

from grader.check import check
from grader.checks.common import split
from grader.checks.lecture2 import counts, judge_losses, ngrams, number, pick, tuning_picks_k_on_dev, tuning_probe


# (n, k): the trigram at three strengths, and other n
@check(case=dict(words=None, seed=42, at=((3, 0.1), (3, 1), (3, 10), (2, 1), (4, 0.5))))
def smoothed(sub, words, seed, at):
    train, dev, _ = split(pick(words), seed=seed)
    return {f"n={n}, k={k}": number(sub.smoothed_nll(counts(train, n), ngrams(dev, n), k)) for n, k in at}


@smoothed.judge
def smoothed_nll_matches_reference(got, want):
    return judge_losses(got, want, "smoothed_nll", atol=1e-4)


@check(weight=3, case=dict(words=None, seed=42, ks=(0.01, 0.03, 0.1, 0.3, 1, 3, 10)))
def tuning(sub, words, seed, ks):
    # Test is reversed names: its best k (large) is far from dev's (small), so
    # choosing k on test instead of dev shows up in best_k.
    train, dev, test = split(pick(words), seed=seed)
    return {**tuning_probe(sub, counts(train, 3), ngrams(dev, 3), ngrams([w[::-1] for w in test], 3), ks),
            "ks": list(ks)}


tuning.judge(tuning_picks_k_on_dev)
