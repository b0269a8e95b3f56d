"""The public checks of gpt_addition.solver."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import judge_solvers, probe_solver


# =========================================================================== gpt_addition.solver

SOLVER = [dict(seed=201, ndigit=2, count=40, sizes=(32, 4, 2)), dict(seed=202, ndigit=3, count=40, sizes=(48, 3, 1))]


@check(weight=2)
def greedy_answers(sub):
    return [probe_solver(sub, spec) for spec in SOLVER]


@greedy_answers.judge
def _(got, want):
    return judge_solvers(got, SOLVER)
