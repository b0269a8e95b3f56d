"""The public checks of basics.add."""

import torch

from grader.check import check
from grader.judge import close


@check(weight=3)
def adds(sub):
    a, b = torch.randn(4, 5), torch.randn(4, 5)
    return {"sum": sub.add(a, b)}


@adds.judge
def sum_matches_reference(got, want):
    return close(got["sum"], want["sum"], name="a + b")


@check(case=dict(n=3, k=2.5))
def scales(sub, n, k):
    return {"out": sub.scale(torch.randn(n), k)}


@scales.judge
def product_matches_reference(got, want, k):
    return close(got["out"], want["out"], name=f"x * {k}")


@check(device="cuda")
def adds_on_cuda(sub):
    a, b = torch.randn(4, 5, device="cuda"), torch.randn(4, 5, device="cuda")
    return {"sum": sub.add(a, b)}


@adds_on_cuda.judge
def cuda_sum_matches_reference(got, want):
    return close(got["sum"], want["sum"], name="a + b on CUDA")
