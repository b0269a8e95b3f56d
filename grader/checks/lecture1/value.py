"""The public checks of lecture1.value."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture1 import (
    judge_cases, judge_random_graphs, random_graph, reflected_cases, reuse_cases, run_graphs, single_op_cases,
)


@check(weight=2, case=dict(seed=101))
def forward(sub, seed):
    return run_graphs(sub.Value, single_op_cases(seed), backward=False)


@forward.judge
def values_match_torch(got, seed):
    return judge_cases(single_op_cases(seed), got, "operations", backward=False)


@check(weight=3, case=dict(seed=101))
def gradients(sub, seed):
    return run_graphs(sub.Value, single_op_cases(seed))


@gradients.judge
def gradients_match_torch(got, seed):
    return judge_cases(single_op_cases(seed), got, "operations")


@check(case=dict(seed=202))
def reflected(sub, seed):
    return run_graphs(sub.Value, reflected_cases(seed))


@reflected.judge
def reflected_match_torch(got, seed):
    return judge_cases(reflected_cases(seed), got, "reflected operations")


@check(weight=2, case=dict(seed=303))
def reused_nodes(sub, seed):
    return run_graphs(sub.Value, reuse_cases(seed))


@reused_nodes.judge
def reused_nodes_match_torch(got, seed):
    return judge_cases(reuse_cases(seed), got, "expressions with reused nodes")


def graphs(seeds, leaves, ops) -> list:
    """One random graph per seed, its numbers of leaves and operations taken in turn from ``leaves``, ``ops``."""
    return [random_graph(s, n_leaves=leaves[i % len(leaves)], n_ops=ops[i % len(ops)]) for i, s in enumerate(seeds)]


@check(weight=4, case=dict(seeds=tuple(range(1000, 1030)), leaves=(3, 3, 4), ops=tuple(range(8, 13))))
def random_graphs(sub, seeds, leaves, ops):
    return run_graphs(sub.Value, graphs(seeds, leaves, ops))


@random_graphs.judge
def random_graphs_match_torch(got, seeds, leaves, ops):
    return judge_random_graphs(graphs(seeds, leaves, ops), got)
