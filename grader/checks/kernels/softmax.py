"""The public checks of kernels.softmax: softmax_kernel on padded, strided views (and on inputs
near 100, where exp overflows unless the row's max is subtracted), softmax on a strided view,
and (on a GPU) softmax compiled and timed against torch."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.kernels import OUT, PAD, called, every_exercise_checks, in_bounds, judge_rows, launched, nan_padded
from grader.judge import failed


def next_power_of_2(n: int) -> int:
    return 1 << (n - 1).bit_length()


@check(weight=3, case=dict(rows=37, cols=100))
def kernel(sub, rows, cols):
    x = torch.randn(rows, cols) * 3
    block = next_power_of_2(cols)
    runs = {}
    for name, shift in (("out", 0.0), ("shifted", 100.0)):     # softmax(x + 100) = softmax(x)
        xin = nan_padded(x + shift, pad=PAD + 29)             # rows strided: cols + 189, the output's cols + 160
        runs[name] = launched(sub.softmax_kernel, (rows,), (rows, cols), OUT, xin, xin.stride(0),
                              cols + PAD, cols, BLOCK_SIZE=block)
    return {"out": runs["out"]["out"], "shifted": runs["shifted"]["out"], "past": sum(r["past"] for r in runs.values())}


@kernel.judge
def kernel_softmax_rows(got, want, rows, cols):
    name = f"softmax_kernel on ({rows}, {cols})"
    verdict = in_bounds(got, "softmax_kernel", strided=True)
    if not verdict:
        return verdict
    overflow = int((~torch.isfinite(got["shifted"])).sum())
    if overflow:
        return failed(f"{name}: on inputs near 100, {overflow} of {got['shifted'].numel()} outputs are NaN or "
                      f"infinite: exp overflows float32; subtract the row's max (tl.max(x, axis=0)) before tl.exp")
    sums = got["out"].double().sum(dim=1)
    if ((sums - 1).abs() > 1e-4).any():
        return failed(f"{name}: row 0 of the output sums to {float(sums[0]):.4g}, not 1: the masked columns count "
                      f"in the sum; load them as other=-float('inf'), so that exp makes them 0")
    return judge_rows(got["out"], want["out"], name, "input and output rows of different strides")


@check(weight=2, case=dict(rows=50, cols=77))
def wrapper(sub, rows, cols):
    x = torch.randn(rows, cols + 13)[:, :cols]
    return {"out": called(sub.softmax, x)}


@wrapper.judge
def softmax_of_a_strided_view(got, want, rows, cols):
    return judge_rows(got["out"], want["out"], f"softmax of a ({rows}, {cols}) view", f"stride {cols + 13}")


every_exercise_checks("softmax_kernel", "softmax", lambda x: torch.softmax(x, dim=1),
                      lambda: (torch.randn(4096, 1000),))
