"""The hidden checks of lecture3.E01: training words and dev words of a split the learner never sees
(a different `given`, so written out rather than a case)."""
from __future__ import annotations

from functools import partial

from grader.check import check
from grader.checks.common import split_names
from grader.checks.hidden.lecture3 import HIDDEN_SPLIT
from grader.checks.lecture3 import E01_FLOOR, E01_GOAL, judge_trained, probe_trained, training_words


@check(weight=4, given=partial(training_words, HIDDEN_SPLIT))
def dev_loss_held_out(sub, words):
    return probe_trained(sub, words, 5042)


@dev_loss_held_out.judge
def held_out_dev_loss_under_the_goal(got):
    return judge_trained(got, split_names(HIDDEN_SPLIT)[1], E01_GOAL, E01_FLOOR)
