"""The hidden checks of lecture1.value."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture1 import (
    judge_cases, judge_random_graphs, random_graph, reflected_cases, reuse_cases, run_graphs, single_op_cases,
)


def hidden_cases() -> list:
    return single_op_cases(9101) + single_op_cases(9102) + reflected_cases(9202) + reuse_cases(9303)


@check(weight=3)
def gradients_hidden(sub):
    return run_graphs(sub.Value, hidden_cases())


@gradients_hidden.judge
def _(got, want):
    return judge_cases(hidden_cases(), got, "operations")


def hidden_graphs() -> list:
    return [random_graph(f"hidden-{s}", n_leaves=4, n_ops=10 + s % 7) for s in range(40)]


@check(weight=4)
def random_graphs_hidden(sub):
    return run_graphs(sub.Value, hidden_graphs())


@random_graphs_hidden.judge
def _(got, want):
    return judge_random_graphs(hidden_graphs(), got)
