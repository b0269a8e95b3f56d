"""The hidden checks of lecture6.batchnorm."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture6 import bn_grad_probe, bn_probe, close, judge_bn


@check(weight=2)
def batchnorm_other_sizes(sub):
    return {"3d": bn_probe(sub, (7, 3, 5), seed=111, momentum=0.05, eps=1e-3, steps=3),
            "2d": bn_probe(sub, (9, 4), seed=112, momentum=0.2, eps=1e-2)}


@batchnorm_other_sizes.judge
def _(got, want):
    return (judge_bn(got["3d"], want["3d"], "BatchNorm1d(5, eps=1e-3, momentum=0.05) on (7, 3, 5)")
            & judge_bn(got["2d"], want["2d"], "BatchNorm1d(4, eps=1e-2, momentum=0.2) on (9, 4)"))


@check()
def batchnorm_grads_2d(sub):
    return bn_grad_probe(sub, (6, 3), seed=113)


@batchnorm_grads_2d.judge
def _(got, want):
    return (close(got["grads"][0], want["grads"][0], "gamma.grad (2-D input)", atol=1e-5, rtol=1e-4)
            & close(got["grads"][1], want["grads"][1], "beta.grad (2-D input)", atol=1e-5, rtol=1e-4)
            & close(got["x_grad"], want["x_grad"], "the input's gradient (2-D input)", atol=1e-5, rtol=1e-4))
