"""The public checks of lecture4.E01."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import generator, judge_zero_init, zero_init_probe


@check(weight=3)
def zero_init(sub):
    return zero_init_probe(sub, 1500, 300, batch_size=32, lr=0.1, generator=generator())


zero_init.judge(judge_zero_init)
