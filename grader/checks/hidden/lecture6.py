"""Lecture 6 (WaveNet): the hidden checks.

The public checks' questions with sizes a learner never sees: other vocabularies and
embedding sizes, 1-D and 3-D index tensors, groups of 3 and 4 time steps, other
momentum and eps, nested Sequentials, and a model of block_size 16 (four levels) and of
block_size 4 (two), so a model hard-coded for three levels or a flatten hard-coded for
pairs fails here.
"""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture6 import (
    bn_grad_probe, bn_probe, close, embedding_probe, equal, fill, flatten_probe, gen, judge_bn,
    judge_count, judge_embedding, judge_flatten, judge_model, model_probe, true)


@check("lecture6.layers")
def embedding_other_shapes(sub):
    return {"flat": embedding_probe(sub, 11, 3, torch.randint(0, 11, (9,), generator=gen(101)), seed=102),
            "cube": embedding_probe(sub, 5, 7, torch.randint(0, 5, (2, 3, 4), generator=gen(103)), seed=104)}


@embedding_other_shapes.judge
def _(got, want):
    return (judge_embedding(got["flat"], want["flat"], "Embedding(11, 3) of 1-D indices")
            & judge_embedding(got["cube"], want["cube"], "Embedding(5, 7) of (2, 3, 4) indices"))


@check("lecture6.layers", weight=2)
def flatten_other_n(sub):
    return {"threes": flatten_probe(sub, 3, 2, 9, 4, seed=105),
            "fours": flatten_probe(sub, 4, 3, 8, 5, seed=106),
            "to_one": flatten_probe(sub, 4, 3, 4, 2, seed=107)}


@flatten_other_n.judge
def _(got, want):
    return (judge_flatten(got["threes"], want["threes"], "FlattenConsecutive(3) of (2, 9, 4)")
            & judge_flatten(got["fours"], want["fours"], "FlattenConsecutive(4) of (3, 8, 5)")
            & judge_flatten(got["to_one"], want["to_one"], "FlattenConsecutive(4) of (3, 4, 2)"))


@check("lecture6.layers")
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


@check("lecture6.batchnorm", weight=2)
def batchnorm_other_sizes(sub):
    return {"3d": bn_probe(sub, (7, 3, 5), seed=111, momentum=0.05, eps=1e-3, steps=3),
            "2d": bn_probe(sub, (9, 4), seed=112, momentum=0.2, eps=1e-2)}


@batchnorm_other_sizes.judge
def _(got, want):
    return (judge_bn(got["3d"], want["3d"], "BatchNorm1d(5, eps=1e-3, momentum=0.05) on (7, 3, 5)")
            & judge_bn(got["2d"], want["2d"], "BatchNorm1d(4, eps=1e-2, momentum=0.2) on (9, 4)"))


@check("lecture6.batchnorm")
def batchnorm_grads_2d(sub):
    return bn_grad_probe(sub, (6, 3), seed=113)


@batchnorm_grads_2d.judge
def _(got, want):
    return (close(got["grads"][0], want["grads"][0], "gamma.grad (2-D input)", atol=1e-5, rtol=1e-4)
            & close(got["grads"][1], want["grads"][1], "beta.grad (2-D input)", atol=1e-5, rtol=1e-4)
            & close(got["x_grad"], want["x_grad"], "the input's gradient (2-D input)", atol=1e-5, rtol=1e-4))


@check("lecture6.model")
def model_block_size_16(sub):
    return model_probe(sub, 11, 16, 6, 10, seed=121, B=12)


@model_block_size_16.judge
def _(got, want):
    return judge_count(got, want, "build_model(11, 16, 6, 10)") & \
        judge_model(got, want, "the model with block_size 16 (four levels)")


@check("lecture6.model")
def model_block_size_4(sub):
    return model_probe(sub, 7, 4, 5, 9, seed=122, B=10)


@model_block_size_4.judge
def _(got, want):
    return judge_count(got, want, "build_model(7, 4, 5, 9)") & \
        judge_model(got, want, "the model with block_size 4 (two levels)")


@check("lecture6.model")
def lecture_middle_model(sub):
    """The lecture's intermediate hierarchical model: n_embd 10, n_hidden 68 (22397 parameters)."""
    torch.manual_seed(42)
    model = sub.build_model(27, 8, 10, 68)
    return {"n_params": sum(p.nelement() for p in model.parameters())}


@lecture_middle_model.judge
def _(got, want):
    return judge_count(got, want, "build_model(27, 8, 10, 68)")
