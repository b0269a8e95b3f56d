"""The public checks of gpt_addition.add2."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import HELD_OUT_SEEDS, judge_training, trained


@check()
def two_digit(sub):
    return trained(sub, "add2")


@two_digit.judge
def _(got):
    return judge_training(got, "add2", HELD_OUT_SEEDS["add2"][0])
