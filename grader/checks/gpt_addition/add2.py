"""The public checks of gpt_addition.add2."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import HELD_OUT_SEEDS, exact_match_of_the_trained_model, trained


@check(case=dict(tier="add2", seed=HELD_OUT_SEEDS["add2"][0]))
def two_digit(sub, tier, seed):
    return trained(sub, tier, seed)


two_digit.judge(exact_match_of_the_trained_model)
