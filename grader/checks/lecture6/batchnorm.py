"""The public checks of lecture6.batchnorm."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture6 import bn_grad_probe, bn_probe, judge_bn
from grader.judge import close, failed


@check(weight=2, case=dict(shape=(32, 4, 6), seed=11))
def batchnorm_3d(sub, shape, seed, momentum=0.1, eps=1e-5, steps=2):
    return bn_probe(sub, shape, seed, momentum, eps, steps)


@check(case=dict(shape=(32, 6), seed=12, momentum=0.3, eps=1e-3))
def batchnorm_2d(sub, shape, seed, momentum=0.1, eps=1e-5, steps=2):
    return bn_probe(sub, shape, seed, momentum, eps, steps)


def batchnorm_matches_reference(got, want, shape, momentum=0.1, eps=1e-5):
    return judge_bn(got, want, f"BatchNorm1d({shape[-1]}, eps={eps:g}, momentum={momentum:g}) on {shape}")


batchnorm_3d.judge(batchnorm_matches_reference)
batchnorm_2d.judge(batchnorm_matches_reference)


@check(case=dict(shape=(8, 4, 5), seed=13))
def batchnorm_grads(sub, shape, seed):
    return bn_grad_probe(sub, shape, seed)


@batchnorm_grads.judge
def gradients_match_reference(got, want, shape):
    if not got["is_gamma_beta"]:
        return failed("BatchNorm1d.parameters() should return [gamma, beta]")
    return (close(got["grads"][0], want["grads"][0], f"gamma.grad on {shape}", atol=1e-5, rtol=1e-4)
            & close(got["grads"][1], want["grads"][1], f"beta.grad on {shape}", atol=1e-5, rtol=1e-4)
            & close(got["x_grad"], want["x_grad"], f"the input's gradient on {shape}", atol=1e-5, rtol=1e-4))
