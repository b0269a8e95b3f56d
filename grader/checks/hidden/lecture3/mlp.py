"""The hidden checks of lecture3.mlp."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture3 import detached, judge_dataset, judge_forward, judge_params, probe_forward, some_names
from grader.judge import passed


@check(weight=2)
def build_other_sizes(sub):
    words = some_names(200, 131)
    out = {}
    for block_size in (1, 5, 8):
        X, Y = sub.build_dataset(words, block_size)
        out[block_size] = {"X": X, "Y": Y}
    return out


@build_other_sizes.judge
def _(got, want):
    verdict = passed()
    for block_size in (1, 5, 8):
        verdict &= judge_dataset(got[block_size], want[block_size], block_size)
    return verdict


@check()
def params_other_sizes(sub):
    ps = sub.init_params(torch.Generator().manual_seed(1234), block_size=4, n_embd=6, n_hidden=50)
    return {"params": detached(ps) if isinstance(ps, list) else str(type(ps)),
            "requires_grad": [bool(getattr(p, "requires_grad", False)) for p in ps] if isinstance(ps, list) else []}


@params_other_sizes.judge
def _(got, want):
    return judge_params(got, want, count=27 * 6 + 24 * 50 + 50 + 50 * 27 + 27)


FORWARD_SIZES = [((5, 8, 64), 141), ((1, 4, 30), 142), ((8, 2, 16), 143)]


@check(weight=2)
def forward_other_sizes(sub):
    return [probe_forward(sub, sizes, seed) for sizes, seed in FORWARD_SIZES]


@forward_other_sizes.judge
def _(got, want):
    verdict = passed()
    for g, (sizes, seed) in zip(got, FORWARD_SIZES):
        verdict &= judge_forward(g["logits"], sizes, seed)
    return verdict
