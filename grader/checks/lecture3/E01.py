"""The public checks of lecture3.E01."""
from __future__ import annotations

from functools import partial

from grader.check import check
from grader.checks.common import split_names
from grader.checks.lecture3 import (
    E01_FLOOR, E01_GOAL, judge_integrity, judge_trained, probe_integrity, probe_trained, training_words,
)


@check(weight=4, given=partial(training_words, 42))
def dev_loss(sub, words):
    return probe_trained(sub, words, 1042)


@dev_loss.judge
def dev_loss_under_the_goal(got):
    return judge_trained(got, split_names(42)[1], E01_GOAL, E01_FLOOR)


@check(case=dict(seeds=(0, 1)))
def integrity(sub, seeds):
    return probe_integrity(sub, seeds)


@integrity.judge
def untrained_parameters_miss_the_goal(got):
    return judge_integrity(got, split_names(42)[1], E01_GOAL)
