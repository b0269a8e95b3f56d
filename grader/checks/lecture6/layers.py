"""The public checks of lecture6.layers."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture6 import embedding_probe, fill, flatten_probe, gen, judge_embedding, judge_flatten
from grader.judge import close, equal, true


@check()
def embedding(sub):
    IX = torch.randint(0, 27, (4, 8), generator=gen(1))
    return embedding_probe(sub, 27, 10, IX, seed=2)


@embedding.judge
def _(got, want):
    return judge_embedding(got, want, "Embedding(27, 10)")


@check(weight=2)
def flatten(sub):
    return {"pairs": flatten_probe(sub, 2, 4, 8, 10, seed=3),
            "last_pair": flatten_probe(sub, 2, 4, 2, 10, seed=4),
            "all_eight": flatten_probe(sub, 8, 4, 8, 10, seed=5)}


@flatten.judge
def _(got, want):
    return (judge_flatten(got["pairs"], want["pairs"], "FlattenConsecutive(2) of (4, 8, 10)")
            & judge_flatten(got["last_pair"], want["last_pair"], "FlattenConsecutive(2) of (4, 2, 10)")
            & judge_flatten(got["all_eight"], want["all_eight"], "FlattenConsecutive(8) of (4, 8, 10)"))


@check()
def sequential(sub):
    layers = [sub.Linear(6, 5), sub.Tanh(), sub.Linear(5, 3, bias=False)]
    expected = [p for layer in layers for p in layer.parameters()]
    fill(expected, seed=6)
    model = sub.Sequential(layers)
    params = model.parameters()
    x = torch.randn(7, 6, generator=gen(7))
    out = model(x)
    return {"out": out, "stored": model.out, "layers_kept": model.layers is layers,
            "order": [next((i for i, e in enumerate(expected) if e is p), -1) for p in params]}


@sequential.judge
def _(got, want):
    return (true(got["layers_kept"], "Sequential(layers) should keep the list as self.layers")
            & equal(got["order"], want["order"], "Sequential.parameters() (positions in the layers' own "
                                                  "parameters, layer by layer; -1: not a layer's tensor)")
            & close(got["out"], want["out"], "Sequential output", atol=1e-6)
            & close(got["stored"], want["stored"], "Sequential.out", atol=1e-6))
