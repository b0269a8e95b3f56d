"""The public checks of lecture6.batchnorm."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture6 import bn_grad_probe, bn_probe, judge_bn
from grader.judge import close, failed


@check(weight=2)
def batchnorm_3d(sub):
    return bn_probe(sub, (32, 4, 6), seed=11)


@batchnorm_3d.judge
def _(got, want):
    return judge_bn(got, want, "BatchNorm1d on (32, 4, 6)")


@check()
def batchnorm_2d(sub):
    return bn_probe(sub, (32, 6), seed=12)


@batchnorm_2d.judge
def _(got, want):
    return judge_bn(got, want, "BatchNorm1d on (32, 6)")


@check()
def batchnorm_grads(sub):
    return bn_grad_probe(sub, (8, 4, 5), seed=13)


@batchnorm_grads.judge
def _(got, want):
    if not got["is_gamma_beta"]:
        return failed("BatchNorm1d.parameters() should return [gamma, beta]")
    return (close(got["grads"][0], want["grads"][0], "gamma.grad", atol=1e-5, rtol=1e-4)
            & close(got["grads"][1], want["grads"][1], "beta.grad", atol=1e-5, rtol=1e-4)
            & close(got["x_grad"], want["x_grad"], "the input's gradient", atol=1e-5, rtol=1e-4))
