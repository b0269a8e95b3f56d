"""The public checks of lecture6.layers."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture6 import embedding_probe, fill, flatten_probe, gen, judge_embedding, judge_flatten
from grader.judge import close, equal, failed, passed, true


@check(case=dict(num=27, dim=10, shape=(4, 8), seed=1))
def embedding(sub, num, dim, shape, seed):
    return embedding_probe(sub, num, dim, torch.randint(0, num, shape, generator=gen(seed)), seed + 1)


@check(case=dict(num=13, dim=4, shape=(2, 3, 5), seed=8))
def embedding_of_any_shape(sub, num, dim, shape, seed):
    return embedding_probe(sub, num, dim, torch.randint(0, num, shape, generator=gen(seed)), seed + 1)


def embedding_matches_reference(got, want, num, dim, shape):
    return judge_embedding(got, want, f"Embedding({num}, {dim}) of {shape} indices")


embedding.judge(embedding_matches_reference)
embedding_of_any_shape.judge(embedding_matches_reference)


@check(weight=2, case=dict(sizes=((2, 4, 8, 10, 3), (2, 4, 2, 10, 4), (8, 4, 8, 10, 5))))
def flatten(sub, sizes):
    """FlattenConsecutive(n) of a (B, T, C) input, for each (n, B, T, C, seed) of sizes."""
    return [flatten_probe(sub, *size) for size in sizes]


@flatten.judge
def flattened_steps_match_reference(got, want, sizes):
    """The first size that goes wrong (one mistake, one line)."""
    for g, w, (n, B, T, C, _) in zip(got, want, sizes):
        verdict = judge_flatten(g, w, f"FlattenConsecutive({n}) of ({B}, {T}, {C})")
        if not verdict:
            return verdict
    return passed()


def sequential_probe(sub, sizes, nested, seed):
    """Sequential of Linear, Tanh, Linear (the middle Linear inside a Sequential of its own if nested)."""
    a, b, c = sizes
    own = [sub.Linear(a, b, bias=nested), sub.Linear(b, b), sub.Linear(b, c, bias=not nested)]
    middle = sub.Sequential([own[1], sub.Tanh()]) if nested else own[1]
    layers = [own[0], sub.Tanh(), middle, own[2]]
    expected = [p for layer in own for p in layer.parameters()]
    fill(expected, seed)
    model = sub.Sequential(layers)
    params = model.parameters()
    out = model(torch.randn(7, a, generator=gen(seed + 1)))
    return {"out": out, "stored": model.out, "layers_kept": model.layers is layers,
            "lists": [i for i, p in enumerate(params) if isinstance(p, (list, tuple))],
            "order": [next((i for i, e in enumerate(expected) if e is p), -1) for p in params]}


@check(case=dict(sizes=(6, 5, 3), nested=False, seed=6))
def sequential(sub, sizes, nested, seed):
    return sequential_probe(sub, sizes, nested, seed)


@check(case=dict(sizes=(5, 4, 2), nested=True, seed=9))
def sequential_nested(sub, sizes, nested, seed):
    return sequential_probe(sub, sizes, nested, seed)


def sequential_matches_reference(got, want, nested):
    what = "Sequential holding a Sequential" if nested else "Sequential"
    if got["lists"]:
        return failed(f"{what}: parameters() returns a list of lists (item {got['lists'][0]} is the list of one "
                      f"layer's parameters); stretch them out into one list of tensors, layer by layer")
    return (true(got["layers_kept"], "Sequential(layers) should keep the list as self.layers")
            & equal(got["order"], want["order"], f"{what}: parameters() (positions in the layers' own "
                                                  "parameters, layer by layer; -1: not a layer's tensor)")
            & close(got["out"], want["out"], f"{what}: output", atol=1e-6)
            & close(got["stored"], want["stored"], f"{what}: .out", atol=1e-6))


sequential.judge(sequential_matches_reference)
sequential_nested.judge(sequential_matches_reference)
