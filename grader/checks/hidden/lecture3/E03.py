"""The hidden checks of lecture3.E03: as E01's, a split the learner never sees."""
from __future__ import annotations

from functools import partial

from grader.check import check
from grader.checks.common import split_names
from grader.checks.hidden.lecture3 import HIDDEN_SPLIT
from grader.checks.lecture3 import E03_FLOOR, E03_GOAL, judge_trained, probe_trained, training_words


@check(weight=4, given=partial(training_words, HIDDEN_SPLIT))
def direct_dev_loss_held_out(sub, words):
    return probe_trained(sub, words, 7042)


@direct_dev_loss_held_out.judge
def held_out_direct_dev_loss_under_the_goal(got):
    return judge_trained(got, split_names(HIDDEN_SPLIT)[1], E03_GOAL, E03_FLOOR, direct=True)
