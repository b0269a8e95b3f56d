"""The public checks of lecture3.E02."""
from __future__ import annotations

from grader.check import check
from grader.checks.common import SEED
from grader.checks.lecture3 import judge_near_uniform, judge_uniform, probe_near_uniform, scalar


@check()
def uniform(sub):
    return {"loss": scalar(sub.uniform_loss(27))}


@uniform.judge
def _(got, want):
    return judge_uniform(got, 27)


NEAR_UNIFORM = (SEED, (3, 10, 200))


@check(weight=2)
def near_uniform(sub):
    return probe_near_uniform(sub, *NEAR_UNIFORM)


@near_uniform.judge
def _(got, want):
    return judge_near_uniform(got, NEAR_UNIFORM[1])
