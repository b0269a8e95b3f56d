"""The hidden checks of lecture3.E03."""
from __future__ import annotations

from functools import partial

from grader.check import check
from grader.checks.hidden.lecture3 import HIDDEN_SPLIT
from grader.checks.lecture3 import (E03_FLOOR, E03_GOAL, judge_trained, probe_trained, split_words,
                                      training_words)


@check(weight=4, given=partial(training_words, HIDDEN_SPLIT))
def direct_dev_loss_held_out(sub, words):
    return probe_trained(sub, words, 7042)


@direct_dev_loss_held_out.judge
def _(got):
    return judge_trained(got, split_words(HIDDEN_SPLIT)[1], E03_GOAL, E03_FLOOR, direct=True)
