"""The hidden checks of gpt_addition.calculator."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import judge_calc_data, judge_training, probe_calc_data, trained
from grader.checks.hidden.gpt_addition import held_out_seeds

SEEDS = held_out_seeds({"calculator": 192_837})   # never shown to learners

CALC_PROBLEMS = [(3, "-", 80, 2), (80, "-", 3, 2), (0, "+", 0, 2), (50, "-", 50, 2), (1, "-", 1000, 4),
                 (9999, "+", 1, 4), (4, "-", 5, 1)]


@check()
def calc_data_hidden(sub):
    return probe_calc_data(sub, CALC_PROBLEMS, 1301, 3)


@calc_data_hidden.judge
def _(got, want):
    return judge_calc_data(got, CALC_PROBLEMS, 3)


@check(weight=4)
def calc_accuracy_held_out(sub):
    return trained(sub, "calculator")


@calc_accuracy_held_out.judge
def _(got):
    return judge_training(got, "calculator", SEEDS["calculator"])
