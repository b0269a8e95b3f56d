"""The public checks of kernels.layernorm: layernorm_kernel on padded, strided views (with the
weight 1 and bias 0 too, so that each normalised row's mean and variance can be read), layernorm
on a strided view, and (on a GPU) layernorm compiled and timed against torch."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from grader.check import check
from grader.checks.kernels import (
    OUT, PAD, called, cdiv, every_exercise_checks, in_bounds, judge_rows, launched, nan_padded,
)
from grader.judge import failed

EPS = 1e-5


@check(weight=3, case=dict(M=19, N=100, block_m=4))
def kernel(sub, M, N, block_m):
    x = torch.randn(M, N) * 2 + 0.5
    block_n = 1 << (N - 1).bit_length()
    xin = nan_padded(x, pad=PAD + 29)
    runs = {name: launched(sub.layernorm_kernel, (cdiv(M, block_m),), (M, N), xin, OUT, nan_padded(w), nan_padded(b),
                           xin.stride(0), N + PAD, M, N, EPS, BLOCK_M=block_m, BLOCK_N=block_n)
            for name, (w, b) in (("out", (torch.randn(N), torch.randn(N))), ("plain", (torch.ones(N), torch.zeros(N))))}
    return {"out": runs["out"]["out"], "plain": runs["plain"]["out"], "past": sum(r["past"] for r in runs.values())}


@kernel.judge
def kernel_normalises_rows(got, want, M, N, block_m):
    name = f"layernorm_kernel on ({M}, {N}), BLOCK_M={block_m}"
    verdict = in_bounds(got, "layernorm_kernel", strided=True)
    if not verdict:
        return verdict
    plain = got["plain"].double()
    mean, var = plain.mean(dim=1), plain.var(dim=1, unbiased=False)
    if (mean.abs() > 1e-3).any():
        at = int((mean.abs() > 1e-3).nonzero()[0])
        return failed(f"{name}: with weight 1 and bias 0, row {at} of the output has mean {float(mean[at]):.3g}, "
                      f"not 0: the mean (and variance) are over each row's N columns, tl.sum(..., axis=1)")
    if ((var - 1).abs() > 1e-3).any():
        if ((var - (N - 1) / N).abs() < 1e-3).all():
            return failed(f"{name}: you divide by N - 1 (the unbiased variance); LayerNorm divides by N")
        return failed(f"{name}: with weight 1 and bias 0, row 0 of the output has variance {float(var[0]):.4g}, "
                      f"not 1: the masked columns count in the variance; zero them (tl.where(mask, x - mean, 0)) "
                      f"before squaring")
    return judge_rows(got["out"], want["out"], name, "input and output rows of different strides", atol=1e-4)


@check(weight=2, case=dict(M=30, N=77))
def wrapper(sub, M, N):
    x = (torch.randn(M, N + 11) * 3)[:, :N]
    return {"out": called(sub.layernorm, x, torch.randn(N), torch.randn(N), EPS)}


@wrapper.judge
def layernorm_of_a_strided_view(got, want, M, N):
    return judge_rows(got["out"], want["out"], f"layernorm of a ({M}, {N}) view", f"stride {N + 11}", atol=1e-4)


every_exercise_checks("layernorm_kernel", "layernorm", lambda x, w, b: F.layer_norm(x, (x.shape[1],), w, b, EPS),
                      lambda: (torch.randn(4096, 768), torch.randn(768), torch.randn(768)))
