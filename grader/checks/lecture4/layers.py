"""The public checks of lecture4.layers: the lecture's defaults, and other eps and momentum too."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture4 import (
    bn_eval_probe, bn_training_probe, generator, judge_bn_eval, judge_bn_training, judge_linear, linear_probe,
)
from grader.judge import close, equal, passed, true


def each_run(probe, sub, runs):
    """``probe`` on each of a check's runs: (n, dim, seed, the layer's options)."""
    return [probe(sub, n, dim, seed, **options) for n, dim, seed, options in runs]


def first_failure(judge, got, want):
    return next((v for v in map(judge, got, want) if not v), passed())


@check(weight=2, case=dict(fan_in=30, fan_out=20, n=32, seed=11))
def linear_layer(sub, fan_in, fan_out, n, seed):
    return linear_probe(sub, fan_in, fan_out, n, seed)


linear_layer.judge(judge_linear)

@check(weight=4, case=dict(runs=((32, 12, 21, {}), (8, 6, 25, {"eps": 1e-3, "momentum": 0.3}))))
def batchnorm_training(sub, runs):
    return each_run(bn_training_probe, sub, runs)


@batchnorm_training.judge
def training_mode_equals_reference(got, want):
    return first_failure(judge_bn_training, got, want)


@check(weight=3, case=dict(runs=((32, 12, 31, {}), (6, 5, 35, {"eps": 0.1}))))
def batchnorm_eval(sub, runs):
    return each_run(bn_eval_probe, sub, runs)


@batchnorm_eval.judge
def eval_mode_equals_reference(got, want):
    return first_failure(judge_bn_eval, got, want)


def tanh_input():
    return torch.randn((16, 8), generator=generator(41)) * 3


@check()
def tanh_layer(sub):
    t = sub.Tanh()
    out = t(tanh_input())
    return {"out": out, "stored": getattr(t, "out", None) is out, "parameters": t.parameters()}


@tanh_layer.judge
def tanh_of_the_input(got):
    return close(got["out"], torch.tanh(tanh_input()), "Tanh()(x)") & \
        true(got["stored"], "Tanh should keep its output in self.out") & \
        equal(got["parameters"], [], "Tanh().parameters()")
