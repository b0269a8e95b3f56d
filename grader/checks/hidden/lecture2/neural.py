"""The hidden checks of lecture2.neural."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture2 import (
    STOI, generator, judge_dataset, judge_regularised, judge_trained, loss_and_grad, neural_bigram_loss, pairs, scored,
    some_names,
)


@check()
def dataset_other_words(sub):
    xs, ys = sub.make_dataset(some_names(500, 111), STOI)
    return {"xs": xs, "ys": ys}


dataset_other_words.judge(judge_dataset)


@check(weight=2)
def loss_other_reg(sub):
    xs, ys = pairs(some_names(150, 112))
    W = 3 * torch.randn((27, 27), generator=generator(7))
    return {f"reg={reg}": loss_and_grad(lambda W: sub.bigram_loss(W, xs, ys, reg=reg), W)
            for reg in (0.0, 0.1)}


loss_other_reg.judge(lambda got, want: judge_regularised(got, want, "bigram_loss"))


@check(weight=2)
def training_other(sub):
    xs, ys = pairs(some_names(200, 113))
    W = sub.train_neural_bigram(xs, ys, g=generator(1234), steps=7, lr=20.0, reg=0.05)
    return scored(W, lambda W: neural_bigram_loss(W, xs, ys, 0.05), (27, 27))


training_other.judge(lambda got, want: judge_trained(got, want, "W"))
