"""The public checks of lecture2.neural."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import STOI, names, some_names
from grader.checks.lecture2 import (
    generator, judge_dataset, judge_regularised, judge_trained, loss_and_grad, neural_bigram_loss, pairs,
    scored,
)


@check()
def dataset(sub):
    xs, ys = sub.make_dataset(names(), STOI)
    return {"xs": xs, "ys": ys}


dataset.judge(judge_dataset)


@check(weight=2)
def loss_match(sub):
    xs, ys = pairs(some_names(200, 21))
    W = torch.randn((27, 27), generator=generator())
    return {f"reg={reg}": loss_and_grad(lambda W: sub.bigram_loss(W, xs, ys, reg=reg), W)
            for reg in (0.0, 0.01)}


loss_match.judge(lambda got, want: judge_regularised(got, want, "bigram_loss"))


@check(weight=2)
def training(sub):
    xs, ys = pairs(some_names(300, 22))
    W = sub.train_neural_bigram(xs, ys, g=generator(), steps=10, lr=50.0, reg=0.01)
    return scored(W, lambda W: neural_bigram_loss(W, xs, ys, 0.01), (27, 27))


training.judge(lambda got, want: judge_trained(got, want, "W"))
