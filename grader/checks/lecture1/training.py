"""The public checks of lecture1.training."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture1 import (
    LECTURE_XS, LECTURE_YS, judge_training, learner_module, near, number, param_values, probe_training, show,
    torch_flat_grads, torch_forward, torch_mlp,
)
from grader.judge import Verdict, failed, passed


@check(weight=3)
def lecture_data(sub):
    return probe_training(sub, 3, [4, 4, 1], LECTURE_XS, LECTURE_YS, 20, 0.05, 505)


@lecture_data.judge
def _(got, want):
    return judge_training(got, 3, [4, 4, 1], LECTURE_XS, LECTURE_YS, 20, 0.05, 505)


def probe_loss(sub, nin, nouts, xs, ys, seed) -> dict:
    nn = learner_module("nn")
    model = nn.MLP(nin, list(nouts))
    params = model.parameters()
    for p, v in zip(params, param_values(len(params), seed)):
        p.data = v
    loss = sub.mse_loss(model, xs, ys)
    loss.backward()
    return {"loss": number(loss.data), "grads": [number(p.grad) for p in params]}


def judge_loss(got, nin, nouts, xs, ys, seed) -> Verdict:
    sizes = [nin] + list(nouts)
    n = sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))
    layers = torch_mlp(nin, nouts, param_values(n, seed))
    loss = sum(((torch_forward(layers, x) - torch.tensor(y, dtype=torch.float64)) ** 2).sum()
               for x, y in zip(xs, ys))
    loss.backward()
    if not near(got["loss"], loss.item()):
        return failed(f"mse_loss is {show(got['loss'])}, expected {loss.item():.6g}: the sum over the examples of "
                      f"(ypred - y)**2")
    want = torch_flat_grads(layers)
    bad = [i for i, (g, w) in enumerate(zip(got["grads"], want)) if not near(g, w)]
    if bad:
        return failed(f"the gradients of mse_loss are wrong for {len(bad)} of {n} parameters")
    return passed()


@check()
def loss(sub):
    return probe_loss(sub, 3, [4, 4, 1], LECTURE_XS, LECTURE_YS, 506)


@loss.judge
def _(got, want):
    return judge_loss(got, 3, [4, 4, 1], LECTURE_XS, LECTURE_YS, 506)
