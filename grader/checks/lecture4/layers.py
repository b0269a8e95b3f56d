"""The public checks of lecture4.layers."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture4 import (
    bn_eval_probe, bn_training_probe, generator, judge_bn_eval, judge_bn_training, judge_linear, linear_probe,
)
from grader.judge import close, equal, true


@check(weight=2)
def linear_layer(sub):
    return linear_probe(sub, 30, 20, 32, 11)


linear_layer.judge(judge_linear)


@check(weight=4)
def batchnorm_training(sub):
    return bn_training_probe(sub, 32, 12, 21)


batchnorm_training.judge(judge_bn_training)


@check(weight=3)
def batchnorm_eval(sub):
    return bn_eval_probe(sub, 32, 12, 31)


batchnorm_eval.judge(judge_bn_eval)


@check()
def tanh_layer(sub):
    x = torch.randn((16, 8), generator=generator(41)) * 3
    t = sub.Tanh()
    out = t(x)
    return {"out": out, "stored": getattr(t, "out", None) is out, "parameters": t.parameters()}


@tanh_layer.judge
def _(got, want):
    return close(got["out"], want["out"], "Tanh()(x)") & \
        true(got["stored"], "Tanh should keep its output in self.out") & \
        equal(got["parameters"], [], "Tanh().parameters()")
