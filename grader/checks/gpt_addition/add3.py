"""The public checks of gpt_addition.add3."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import HELD_OUT_SEEDS, judge_training, trained


@check()
def three_digit(sub):
    return trained(sub, "add3")


@three_digit.judge
def _(got):
    return judge_training(got, "add3", HELD_OUT_SEEDS["add3"][0])
