"""The public checks of gpt_addition.calculator."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import (
    CALC_PROBLEMS, HELD_OUT_SEEDS, calculator_data_formatted, exact_match_of_the_trained_model, probe_calc_data,
    trained,
)


@check(case=dict(operations=CALC_PROBLEMS, seed=301, ndigit=2))
def calc_data(sub, operations, seed, ndigit):
    return probe_calc_data(sub, operations, seed, ndigit)


calc_data.judge(calculator_data_formatted)


@check(weight=4, case=dict(tier="calculator", seed=HELD_OUT_SEEDS["calculator"][0]))
def calc_accuracy(sub, tier, seed):
    return trained(sub, tier, seed)


calc_accuracy.judge(exact_match_of_the_trained_model)
