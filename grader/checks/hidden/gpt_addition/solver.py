"""The hidden checks of gpt_addition.solver."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import judge_solvers, probe_solver


SOLVER = [dict(seed=1201, ndigit=1, count=30, sizes=(16, 2, 1)), dict(seed=1202, ndigit=4, count=30, sizes=(40, 5, 2))]


@check(weight=2)
def greedy_answers_hidden(sub):
    return [probe_solver(sub, spec) for spec in SOLVER]


@greedy_answers_hidden.judge
def _(got, want):
    return judge_solvers(got, SOLVER)
