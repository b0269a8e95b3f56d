"""Classic kernel mistakes, made in a copy of the reference: each must lose points, with its feedback.

Every case edits one exact piece of a solution file and grades that exercise through the real
sandbox, the kernels running under Triton's interpreter. The checks launch the kernels on views
into padded buffers (NaN after the inputs, a sentinel after the output), so a missing mask or a
wrong stride is reported as the out-of-bounds access it is.
"""
from __future__ import annotations

import pytest

pytest.importorskip("triton", reason='the kernels lecture needs triton: pip install -e ".[kernels]"')

STORE = "tl.store(output_ptr + offsets, x + y, mask=mask)"
LOADS = "    x = tl.load(x_ptr + offsets, mask=mask)\n    y = tl.load(y_ptr + offsets, mask=mask)\n"
LN_STATS = """    mean = tl.sum(x, axis=1) / N
    xc = tl.where(mask, x - mean[:, None], 0.0)
    var = tl.sum(xc * xc, axis=1) / N
    rstd = 1 / tl.sqrt(var + eps)
"""
LN_OUT = "    y = xc * rstd[:, None] * w[None, :] + b[None, :]\n"
A_LOAD = "mask=(offs_m[:, None] < M) & (ks[None, :] < K), other=0.0)"
A_PTR = "a_ptr + offs_m[:, None] * stride_am + ks[None, :] * stride_ak"

# (exercise, file, old, new, check, the exact feedback, hidden check that fails too)
MISTAKES = {
    "vector add: no mask on the store": (
        "vector_add", "vector_add.py", STORE, "tl.store(output_ptr + offsets, x + y)", "kernel",
        "kernel add_kernel wrote past the end of its output (24 elements): mask the store", "kernel_case1"),
    "vector add: the mask one too long": (
        "vector_add", "vector_add.py", "mask = offsets < n_elements", "mask = offsets <= n_elements", "kernel",
        "kernel add_kernel wrote past the end of its output (1 element): mask the store", "kernel_case1"),
    "vector add: no mask on the loads": (
        "vector_add", "vector_add.py", LOADS,
        "    x = tl.load(x_ptr + offsets)\n    y = tl.load(y_ptr + offsets)\n", "kernel",
        "kernel add_kernel read past the end of its input: 24 of 1000 outputs are NaN, read from the NaN padding "
        "after the input: mask the loads", "kernel_case1"),
    "vector add: the grid rounded down": (
        "vector_add", "vector_add.py", "grid = (triton.cdiv(n_elements, 1024),)", "grid = (n_elements // 1024,)",
        "wrapper", "add on 3001 elements: the outputs from index 2048 on are not computed: launch "
        "triton.cdiv(n, BLOCK_SIZE) programs, so that the last, partial block runs too", "wrapper_case1"),
    "softmax: the row's max not subtracted": (
        "softmax", "softmax.py", "z = x - tl.max(x, axis=0)", "z = x", "kernel",
        "softmax_kernel on (37, 100): on inputs near 100, 3700 of 3700 outputs are NaN or infinite: exp overflows "
        "float32; subtract the row's max (tl.max(x, axis=0)) before tl.exp", "kernel_case1"),
    "softmax: the output's rows found with the input's stride": (
        "softmax", "softmax.py", "output_ptr + row * output_row_stride", "output_ptr + row * input_row_stride",
        "kernel", "kernel softmax_kernel wrote past the end of its output (3500 elements): mask the store, and find "
        "each element by its strides (a row is not n_cols long here)", "kernel_case1"),
    "softmax: rows taken as n_cols long": (
        "softmax", "softmax.py", "input_ptr + row * input_row_stride", "input_ptr + row * n_cols", "kernel",
        "kernel softmax_kernel read past the end of its input: 3000 of 3700 outputs are NaN, read from the NaN "
        "padding after the input: mask the loads, and find each element by its strides (a row is not n_cols long "
        "here)", "kernel_case1"),
    "softmax: the wrapper passes n_cols as the stride": (
        "softmax", "softmax.py", "softmax_kernel[(n_rows,)](y, x, x.stride(0), y.stride(0)",
        "softmax_kernel[(n_rows,)](y, x, n_cols, y.stride(0)", "wrapper",
        "softmax of a (50, 77) view: row 0 is right, row 1 is not: the rows here are strided (stride 90), so find "
        "row r at ptr + r * row_stride, never at r * n_cols", "wrapper_case1"),
    "layernorm: mean and variance over the wrong axis": (
        "layernorm", "layernorm.py", LN_STATS + "    w = tl.load(W + cols, mask=cols < N)\n    b = tl.load(B + cols, mask=cols < N)\n" + LN_OUT,
        LN_STATS.replace("axis=1", "axis=0").replace("mean[:, None]", "mean[None, :]")
        + "    w = tl.load(W + cols, mask=cols < N)\n    b = tl.load(B + cols, mask=cols < N)\n"
        + LN_OUT.replace("rstd[:, None]", "rstd[None, :]"), "kernel",
        "", "kernel_case1"),
    "layernorm: the masked columns counted in the variance": (
        "layernorm", "layernorm.py", "xc = tl.where(mask, x - mean[:, None], 0.0)", "xc = x - mean[:, None]",
        "kernel", "", "kernel_case1"),
    "layernorm: the unbiased variance": (
        "layernorm", "layernorm.py", "var = tl.sum(xc * xc, axis=1) / N", "var = tl.sum(xc * xc, axis=1) / (N - 1)",
        "kernel", "", "kernel_case1"),
    "layernorm: the wrapper passes N as the stride": (
        "layernorm", "layernorm.py", "x.stride(0), y.stride(0), M, N, eps", "N, y.stride(0), M, N, eps", "wrapper",
        "", "wrapper_case1"),
    "matmul: the tile of A read past the K edge": (
        "matmul", "matmul.py", A_LOAD, "mask=offs_m[:, None] < M, other=0.0)", "kernel", "", "kernel_case1"),
    "matmul: no mask on the store": (
        "matmul", "matmul.py", "acc, mask=c_mask)", "acc)", "kernel", "", "kernel_case1"),
    "matmul: stride_ak taken as 1": (
        "matmul", "matmul.py", A_PTR, "a_ptr + offs_m[:, None] * stride_am + ks[None, :]", "kernel", "",
        "kernel_case1"),
    "matmul: the wrapper swaps A's strides": (
        "matmul", "matmul.py", "a.stride(0), a.stride(1), b.stride(0)", "a.stride(1), a.stride(0), b.stride(0)",
        "wrapper", "", "wrapper_case1"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_loses_points(grade_mutant, mistake):
    exercise, file, old, new, check, feedback, hidden = MISTAKES[mistake]
    r = grade_mutant(f"kernels.{exercise}", file, old, new)
    failing = r.check(check)
    print(mistake, "|", failing.status, "|", failing.feedback, "|", r.check(hidden).status, r.check(hidden).feedback)
    assert r.points < r.max_points
    assert failing.status == "failed" and failing.points == 0, failing
    assert failing.feedback == [feedback]
    assert r.check(hidden).status in ("failed", "error"), r.check(hidden)
