"""The public checks of lecture3.mlp."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import SEED, names, some_names
from grader.checks.lecture3 import detached, judge_dataset, judge_forward, judge_params, probe_forward
from grader.judge import describe, passed


@check(weight=2)
def build(sub):
    words = names()[:5] + some_names(300, 31)
    X, Y = sub.build_dataset(words, 3)
    return {"X": X, "Y": Y}


@build.judge
def _(got, want):
    return judge_dataset(got, want, 3)


@check()
def params(sub):
    ps = sub.init_params(torch.Generator().manual_seed(SEED))
    return {"params": detached(ps) if isinstance(ps, list) else describe(ps),
            "requires_grad": [bool(getattr(p, "requires_grad", False)) for p in ps] if isinstance(ps, list) else []}


@params.judge
def _(got, want):
    return judge_params(got, want, count=11897)


FORWARD_SIZES = [((3, 10, 200), 41), ((4, 6, 50), 42)]


@check(weight=2)
def forward(sub):
    return [probe_forward(sub, sizes, seed) for sizes, seed in FORWARD_SIZES]


@forward.judge
def _(got, want):
    verdict = passed()
    for g, (sizes, seed) in zip(got, FORWARD_SIZES):
        verdict &= judge_forward(g["logits"], sizes, seed)
    return verdict
