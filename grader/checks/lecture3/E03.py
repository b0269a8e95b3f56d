"""The public checks of lecture3.E03."""
from __future__ import annotations

from functools import partial

from grader.check import check
from grader.checks.common import split_names
from grader.checks.lecture3 import (
    E03_FLOOR, E03_GOAL, judge_integrity, judge_trained, probe_integrity, probe_trained, training_words,
)


@check(weight=4, given=partial(training_words, 42))
def direct_dev_loss(sub, words):
    return probe_trained(sub, words, 3042)


@direct_dev_loss.judge
def direct_dev_loss_under_the_goal(got):
    return judge_trained(got, split_names(42)[1], E03_GOAL, E03_FLOOR, direct=True)


@check(case=dict(seeds=(0, 1)))
def direct_integrity(sub, seeds):
    return probe_integrity(sub, seeds)


@direct_integrity.judge
def untrained_direct_parameters_miss_the_goal(got):
    return judge_integrity(got, split_names(42)[1], E03_GOAL, direct=True)
