"""The public checks of gpt_addition.solver."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import SOLVER, judge_solvers, probe_solver


@check(weight=2)
def greedy_answers(sub):
    return [probe_solver(sub, spec) for spec in SOLVER]


@greedy_answers.judge
def _(got, want):
    return judge_solvers(got, SOLVER)
