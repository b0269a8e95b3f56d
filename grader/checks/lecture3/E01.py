"""The public checks of lecture3.E01."""
from __future__ import annotations

from functools import partial

from grader.check import check
from grader.checks.lecture3 import (
    E01_FLOOR, E01_GOAL, judge_integrity, judge_trained, probe_integrity, probe_trained, split_words,
    training_words,
)


@check(weight=4, given=partial(training_words, 42))
def dev_loss(sub, words):
    return probe_trained(sub, words, 1042)


@dev_loss.judge
def _(got):
    return judge_trained(got, split_words(42)[1], E01_GOAL, E01_FLOOR)


@check()
def integrity(sub):
    return probe_integrity(sub, (0, 1))


@integrity.judge
def _(got, want):
    return judge_integrity(got, split_words(42)[1], E01_GOAL)
