"""The public checks of kernels.vector_add: add_kernel on padded views, add on a size that is no
multiple of its block, and (on a GPU) add compiled and timed against torch."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.kernels import OUT, called, cdiv, every_exercise_checks, in_bounds, launched, nan_padded
from grader.judge import close, failed


@check(weight=2, case=dict(n=1000, block=128))
def kernel(sub, n, block):
    x, y = torch.randn(n), torch.randn(n)
    return launched(sub.add_kernel, (cdiv(n, block),), (n,), nan_padded(x), nan_padded(y), OUT, n, BLOCK_SIZE=block)


@kernel.judge
def kernel_adds_within_bounds(got, want, n, block):
    return in_bounds(got, "add_kernel") and close(got["out"], want["out"], f"add_kernel on {n} elements, "
                                                                          f"BLOCK_SIZE={block}")


@check(case=dict(n=3001))
def wrapper(sub, n):
    return {"out": called(sub.add, torch.randn(n), torch.randn(n))}


@wrapper.judge
def add_covers_every_element(got, want, n):
    verdict = close(got["out"], want["out"], f"add on {n} elements")
    if verdict or not isinstance(got["out"], torch.Tensor) or got["out"].shape != want["out"].shape:
        return verdict
    wrong = (got["out"] - want["out"]).abs().nan_to_num(nan=1.0) > 1e-6
    first = int(wrong.nonzero()[0])
    if wrong[first:].all():
        return failed(f"add on {n} elements: the outputs from index {first} on are not computed: launch "
                      f"triton.cdiv(n, BLOCK_SIZE) programs, so that the last, partial block runs too")
    return verdict


every_exercise_checks("add_kernel", "add", torch.add, lambda: (torch.randn(1 << 24), torch.randn(1 << 24)))
