"""The public checks of basics.add."""

import torch

from grader.check import check
from grader.judge import close


@check(weight=3)
def adds(sub):
    a, b = torch.randn(4, 5), torch.randn(4, 5)
    return {"sum": sub.add(a, b)}


@adds.judge
def _(got, want):
    return close(got["sum"], want["sum"], name="a + b")


@check()
def scales(sub):
    return {"out": sub.scale(torch.randn(3), 2.5)}


@scales.judge
def _(got, want):
    return close(got["out"], want["out"], name="x * k")


@check(device="cuda")
def adds_on_cuda(sub):
    a, b = torch.randn(4, 5, device="cuda"), torch.randn(4, 5, device="cuda")
    return {"sum": sub.add(a, b)}


@adds_on_cuda.judge
def _(got, want):
    return close(got["sum"], want["sum"], name="a + b on CUDA")
