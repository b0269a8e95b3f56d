"""The public checks of lecture1.training."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture1 import (
    LECTURE_NET, TrustedMLP, n_params, near, number, param_values, probe_training, run, show, torch_flat_grads,
    torch_forward, torch_mlp, trainings_match_torch, trusting,
)
from grader.judge import failed, passed


# the lecture's data, and another network with other steps and lr: both must come from the arguments
@check(weight=3, case=dict(runs=({**LECTURE_NET, "steps": 20, "lr": 0.05, "seed": 505},
                                 run(2, (3, 1), 6, 15, 0.1, 711))))
def lecture_data(sub, runs):
    return [probe_training(sub, **r) for r in runs]


lecture_data.judge(trainings_match_torch)


@check(case=dict(**LECTURE_NET, seed=506))
def loss(sub, nin, nouts, xs, ys, seed):
    trusting(sub)
    model = TrustedMLP(nin, nouts, param_values(n_params(nin, nouts), seed))
    loss = sub.mse_loss(model, [list(x) for x in xs], list(ys))
    loss.backward()
    return {"loss": number(loss.data), "grads": [number(p.grad) for p in model.parameters()]}


@loss.judge
def mse_loss_matches_torch(got, nin, nouts, xs, ys, seed):
    n = n_params(nin, nouts)
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
