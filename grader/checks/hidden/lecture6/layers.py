"""The hidden checks of lecture6.layers."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture6 import (
    close, embedding_probe, equal, fill, flatten_probe, gen, judge_embedding, judge_flatten, true,
)


@check()
def embedding_other_shapes(sub):
    return {"flat": embedding_probe(sub, 11, 3, torch.randint(0, 11, (9,), generator=gen(101)), seed=102),
            "cube": embedding_probe(sub, 5, 7, torch.randint(0, 5, (2, 3, 4), generator=gen(103)), seed=104)}


@embedding_other_shapes.judge
def _(got, want):
    return (judge_embedding(got["flat"], want["flat"], "Embedding(11, 3) of 1-D indices")
            & judge_embedding(got["cube"], want["cube"], "Embedding(5, 7) of (2, 3, 4) indices"))


@check(weight=2)
def flatten_other_n(sub):
    return {"threes": flatten_probe(sub, 3, 2, 9, 4, seed=105),
            "fours": flatten_probe(sub, 4, 3, 8, 5, seed=106),
            "to_one": flatten_probe(sub, 4, 3, 4, 2, seed=107)}


@flatten_other_n.judge
def _(got, want):
    return (judge_flatten(got["threes"], want["threes"], "FlattenConsecutive(3) of (2, 9, 4)")
            & judge_flatten(got["fours"], want["fours"], "FlattenConsecutive(4) of (3, 8, 5)")
            & judge_flatten(got["to_one"], want["to_one"], "FlattenConsecutive(4) of (3, 4, 2)"))


@check()
def sequential_nested(sub):
    inner = sub.Sequential([sub.Linear(4, 4), sub.Tanh()])
    layers = [sub.Linear(3, 4, bias=False), inner, sub.Linear(4, 2)]
    expected = layers[0].parameters() + inner.layers[0].parameters() + layers[2].parameters()
    fill(expected, seed=108)
    model = sub.Sequential(layers)
    params = model.parameters()
    return {"out": model(torch.randn(5, 3, generator=gen(109))), "layers_kept": model.layers is layers,
            "order": [next((i for i, e in enumerate(expected) if e is p), -1) for p in params]}


@sequential_nested.judge
def _(got, want):
    return (true(got["layers_kept"], "Sequential(layers) should keep the list as self.layers")
            & equal(got["order"], want["order"], "parameters() of a Sequential holding a Sequential")
            & close(got["out"], want["out"], "nested Sequential output", atol=1e-6))
