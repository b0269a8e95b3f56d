"""The hidden checks of gpt_addition.add3."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import judge_training, trained
from grader.checks.hidden.gpt_addition import held_out_seeds

SEEDS = held_out_seeds({"add3": 564_738})   # never shown to learners


@check()
def three_digit_held_out(sub):
    return trained(sub, "add3")


@three_digit_held_out.judge
def _(got):
    return judge_training(got, "add3", SEEDS["add3"])
