"""The hidden checks of lecture3.E02."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture3 import judge_near_uniform, judge_uniform, probe_near_uniform, scalar


@check()
def uniform_other_vocab(sub):
    return {65: {"loss": scalar(sub.uniform_loss(65))}, 10: {"loss": scalar(sub.uniform_loss(10))}}


@uniform_other_vocab.judge
def _(got, want):
    return judge_uniform(got[65], 65) & judge_uniform(got[10], 10)


NEAR_UNIFORM = (99, (4, 8, 100))


@check(weight=2)
def near_uniform_other_sizes(sub):
    return probe_near_uniform(sub, *NEAR_UNIFORM)


@near_uniform_other_sizes.judge
def _(got, want):
    return judge_near_uniform(got, NEAR_UNIFORM[1])
