"""The public checks of lecture3.E03."""
from __future__ import annotations

from functools import partial

from grader.check import check
from grader.checks.lecture3 import (
    E03_FLOOR, E03_GOAL, judge_integrity, judge_trained, probe_integrity, probe_trained, split_words,
    training_words,
)


@check(weight=4, given=partial(training_words, 42))
def direct_dev_loss(sub, words):
    return probe_trained(sub, words, 3042)


@direct_dev_loss.judge
def _(got):
    return judge_trained(got, split_words(42)[1], E03_GOAL, E03_FLOOR, direct=True)


@check()
def direct_integrity(sub):
    return probe_integrity(sub, (0, 1))


@direct_integrity.judge
def _(got, want):
    return judge_integrity(got, split_words(42)[1], E03_GOAL, direct=True)
