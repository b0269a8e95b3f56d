"""The public checks of lecture5.ex2."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import SEED
from grader.checks.lecture5 import (
    EX2_BUDGET, EX2_OPS, ex2_probe, judge_one_expression, no_autograd, one_expression,
)


@check(weight=2)
def dlogits_in_one_go(sub):
    return ex2_probe(sub, SEED, 32)


dlogits_in_one_go.judge(lambda got, want: judge_one_expression(
    got, want, "dlogits", "dlogits", EX2_BUDGET, "the gradient is softmax(logits) minus the one-hot targets, over n"))
no_autograd("dlogits_ex2")
one_expression("dlogits_ex2", EX2_OPS, "dlogits")
