"""The hidden checks of gpt_addition.add2."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import judge_training, trained
from grader.checks.hidden.gpt_addition import held_out_seeds

SEEDS = held_out_seeds({"add2": 918_273})   # never shown to learners


@check()
def two_digit_held_out(sub):
    return trained(sub, "add2")


@two_digit_held_out.judge
def _(got):
    return judge_training(got, "add2", SEEDS["add2"])
