"""The public checks of lecture5.ex3."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import SEED
from grader.checks.lecture5 import (
    EX3_BUDGET, EX3_HINT, EX3_OPS, ex3_probe, judge_one_expression, no_autograd, one_expression,
)


@check(weight=2)
def dhprebn_in_one_go(sub):
    return ex3_probe(sub, SEED, 32)


dhprebn_in_one_go.judge(lambda got, want: judge_one_expression(got, want, "dhprebn", "dhprebn", EX3_BUDGET,
                                                               EX3_HINT))
no_autograd("dhprebn_ex3")
one_expression("dhprebn_ex3", EX3_OPS, "dhprebn")
