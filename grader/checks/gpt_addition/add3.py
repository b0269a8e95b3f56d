"""The public checks of gpt_addition.add3."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import HELD_OUT_SEEDS, exact_match_of_the_trained_model, trained


@check(case=dict(tier="add3", seed=HELD_OUT_SEEDS["add3"][0]))
def three_digit(sub, tier, seed):
    return trained(sub, tier, seed)


three_digit.judge(exact_match_of_the_trained_model)
