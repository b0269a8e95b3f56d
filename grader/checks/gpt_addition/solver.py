"""The public checks of gpt_addition.solver."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import SOLVER, greedy_answers_of_the_models, probe_solver


@check(weight=2, case=dict(specs=SOLVER))
def greedy_answers(sub, specs):
    return [probe_solver(sub, spec) for spec in specs]


greedy_answers.judge(greedy_answers_of_the_models)
