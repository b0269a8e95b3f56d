"""The hidden checks of lecture1.nn."""
from __future__ import annotations

from grader.check import check
from grader.checks.hidden.lecture1 import examples
from grader.checks.lecture1 import judge_mlp, judge_zero_grad, probe_mlp
from grader.judge import partial


NETS = [(2, [3, 2], 5, 611), (4, [5, 1], 6, 612), (3, [2, 3, 1], 4, 613)]


@check(weight=3)
def other_networks(sub):
    out = []
    for nin, nouts, n, seed in NETS:
        xs, ys = examples(n, nin, nouts[-1], seed)
        out.append(probe_mlp(sub, nin, nouts, xs, ys, seed))
    return out


@other_networks.judge
def _(got, want):
    verdicts = []
    for g, (nin, nouts, n, seed) in zip(got, NETS):
        xs, ys = examples(n, nin, nouts[-1], seed)
        verdicts.append(judge_mlp(g, nin, nouts, xs, ys, seed) & judge_zero_grad(g))
    return partial(verdicts)
