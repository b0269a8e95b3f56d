"""Lecture 2, exercise E03: tune the smoothing strength on dev; the grader tests once.

Add-k smoothing trades fitting the training counts (small k) for not being surprised
by unseen n-grams (large k). The right k is chosen on the dev set; the test set is
touched once, at the end, with that k: choosing on test would make the test loss an
optimistic, useless estimate. So ``tune_smoothing`` is handed train counts and dev
only, and the grader evaluates test itself, once, with the k it returns.
"""
import torch


def smoothed_nll(N, ix, k):
    """The average NLL of the n-grams ``ix`` under the counts ``N`` smoothed with ``k``.

    ``N`` is an n-gram count tensor of shape (V,) * n (trigrams: (27, 27, 27)) fitted on
    the training set; ``ix`` is an int64 tensor of shape (m, n), one n-gram per row
    (context first, predicted character last). P = (N + k) normalised over the last
    dimension; returns the mean of -log P[ix] as a float.
    """
    # BEGIN SOLUTION
    P = (N + k).float()
    P /= P.sum(-1, keepdim=True)
    return -P[tuple(ix.T)].log().mean().item()
    # END SOLUTION


def tune_smoothing(N, dev, ks):
    """Pick the best smoothing ``k`` out of ``ks`` on ``dev``.

    ``dev`` is an n-gram index tensor like ``ix`` of ``smoothed_nll``. Returns
    ``{"best_k": k, "dev": [the dev loss of each k, in the order of ks]}``. There is no
    test set here: it is evaluated once, by the grader, with your ``best_k`` (as you would
    call ``smoothed_nll(N, test, best_k)`` once, at the very end).
    """
    # BEGIN SOLUTION
    dev_losses = [smoothed_nll(N, dev, k) for k in ks]
    best = min(range(len(ks)), key=lambda i: dev_losses[i])
    return {"best_k": ks[best], "dev": dev_losses}
    # END SOLUTION
