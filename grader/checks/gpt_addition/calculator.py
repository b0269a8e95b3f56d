"""The public checks of gpt_addition.calculator."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import (
    CALC_PROBLEMS, HELD_OUT_SEEDS, judge_calc_data, judge_training, probe_calc_data, trained,
)


@check()
def calc_data(sub):
    return probe_calc_data(sub, CALC_PROBLEMS, 301, 2)


@calc_data.judge
def _(got, want):
    return judge_calc_data(got, CALC_PROBLEMS, 2)


@check(weight=4)
def calc_accuracy(sub):
    return trained(sub, "calculator")


@calc_accuracy.judge
def _(got):
    return judge_training(got, "calculator", HELD_OUT_SEEDS["calculator"][0])
