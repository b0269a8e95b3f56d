"""The public checks of lecture1.value."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture1 import (
    judge_cases, judge_random_graphs, random_graph, reflected_cases, reuse_cases, run_graphs, single_op_cases,
)


@check(weight=2)
def forward(sub):
    return run_graphs(sub.Value, single_op_cases(101), backward=False)


@forward.judge
def _(got, want):
    return judge_cases(single_op_cases(101), got, "operations", backward=False)


@check(weight=3)
def gradients(sub):
    return run_graphs(sub.Value, single_op_cases(101))


@gradients.judge
def _(got, want):
    return judge_cases(single_op_cases(101), got, "operations")


@check()
def reflected(sub):
    return run_graphs(sub.Value, reflected_cases(202))


@reflected.judge
def _(got, want):
    return judge_cases(reflected_cases(202), got, "reflected operations")


@check(weight=2)
def reused_nodes(sub):
    return run_graphs(sub.Value, reuse_cases(303))


@reused_nodes.judge
def _(got, want):
    return judge_cases(reuse_cases(303), got, "expressions with reused nodes")


RANDOM_GRAPH_SEEDS = range(1000, 1030)


def public_graphs() -> list:
    return [random_graph(s, n_leaves=3, n_ops=8 + s % 5) for s in RANDOM_GRAPH_SEEDS]


@check(weight=4)
def random_graphs(sub):
    return run_graphs(sub.Value, public_graphs())


@random_graphs.judge
def _(got, want):
    return judge_random_graphs(public_graphs(), got)
