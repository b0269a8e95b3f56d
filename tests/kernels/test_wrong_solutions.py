"""Classic kernel mistakes, made in a copy of the reference: each must lose points, with its feedback.

Every case edits one exact piece of a solution file and grades that exercise through the real
sandbox, the kernels running under Triton's interpreter. The checks launch the kernels on views
into padded buffers (NaN after the inputs, a sentinel after the output), so a missing mask or a
wrong stride is reported as the out-of-bounds access it is.
"""
from __future__ import annotations

import pytest

from tests.conftest import copy_lecture, grade

pytest.importorskip("triton", reason='the kernels lecture needs triton: pip install -e ".[kernels]"')

STORE = "tl.store(output_ptr + offsets, x + y, mask=mask)"
LOADS = "    x = tl.load(x_ptr + offsets, mask=mask)\n    y = tl.load(y_ptr + offsets, mask=mask)\n"
LN_STATS = """    mean = tl.sum(x, axis=1) / N
    xc = tl.where(mask, x - mean[:, None], 0.0)
    var = tl.sum(xc * xc, axis=1) / N
    rstd = 1 / tl.sqrt(var + eps)
"""
LN_WB = "    w = tl.load(W + cols, mask=cols < N)\n    b = tl.load(B + cols, mask=cols < N)\n"
LN_OUT = "    y = xc * rstd[:, None] * w[None, :] + b[None, :]\n"
A_LOAD = "mask=(offs_m[:, None] < M) & (ks[None, :] < K), other=0.0)"
A_PTR = "a_ptr + offs_m[:, None] * stride_am + ks[None, :] * stride_ak"
STRIDES = "and find each element by its strides (a row is not n_cols long here)"

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
        "    x = tl.load(x_ptr + offsets)\n    y = tl.load(y_ptr + offsets)\n", "masks",
        ["vector_add.py line 23: tl.load without a mask: the last block's load reads past the end (mask=offsets < n)",
         "vector_add.py line 24: tl.load without a mask: the last block's load reads past the end (mask=offsets < n)"],
        ""),
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
        "kernel", f"kernel softmax_kernel wrote past the end of its output (4848 elements): mask the store, {STRIDES}",
        "kernel_case1"),
    "softmax: rows taken as n_cols long": (
        "softmax", "softmax.py", "input_ptr + row * input_row_stride", "input_ptr + row * n_cols", "kernel",
        "kernel softmax_kernel read past the end of its input: 3600 of 3700 outputs are NaN, read from the NaN "
        f"padding after the input: mask the loads, {STRIDES}", "kernel_case1"),
    "softmax: the wrapper passes n_cols as the stride": (
        "softmax", "softmax.py", "softmax_kernel[(n_rows,)](y, x, x.stride(0), y.stride(0)",
        "softmax_kernel[(n_rows,)](y, x, n_cols, y.stride(0)", "wrapper",
        "softmax of a (50, 77) view: row 0 is right, row 1 is not: the rows here are strided (stride 90), so find "
        "row r at ptr + r * row_stride, never at r * n_cols", "wrapper_case1"),
    "layernorm: mean and variance over the wrong axis": (
        "layernorm", "layernorm.py", LN_STATS + LN_WB + LN_OUT,
        LN_STATS.replace("axis=1", "axis=0").replace("mean[:, None]", "mean[None, :]") + LN_WB
        + LN_OUT.replace("rstd[:, None]", "rstd[None, :]"), "kernel",
        "layernorm_kernel on (19, 100), BLOCK_M=4: with weight 1 and bias 0, row 0 of the output has mean 0.558, "
        "not 0: the mean (and variance) are over each row's N columns, tl.sum(..., axis=1)", "kernel_case1"),
    "layernorm: the masked columns counted in the variance": (
        "layernorm", "layernorm.py", "xc = tl.where(mask, x - mean[:, None], 0.0)", "xc = x - mean[:, None]",
        "kernel", "layernorm_kernel on (19, 100), BLOCK_M=4: with weight 1 and bias 0, row 0 of the output has "
        "variance 0.9954, not 1: the masked columns count in the variance; zero them (tl.where(mask, x - mean, 0)) "
        "before squaring", "kernel_case1"),
    "layernorm: the unbiased variance": (
        "layernorm", "layernorm.py", "var = tl.sum(xc * xc, axis=1) / N", "var = tl.sum(xc * xc, axis=1) / (N - 1)",
        "kernel", "layernorm_kernel on (19, 100), BLOCK_M=4: you divide by N - 1 (the unbiased variance); LayerNorm "
        "divides by N", "kernel_case1"),
    "layernorm: the wrapper passes N as the stride": (
        "layernorm", "layernorm.py", "x.stride(0), y.stride(0), M, N, eps", "N, y.stride(0), M, N, eps", "wrapper",
        "layernorm of a (30, 77) view: row 0 is right, row 1 is not: the rows here are strided (stride 88), so find "
        "row r at ptr + r * row_stride, never at r * n_cols", "wrapper_case1"),
    "matmul: the tile of A read past the K edge": (
        "matmul", "matmul.py", A_LOAD, "mask=offs_m[:, None] < M, other=0.0)", "kernel",
        "kernel matmul_kernel read past the end of its input: 3150 of 3150 outputs are NaN, read from the NaN "
        f"padding after the input: mask the loads, {STRIDES}", "kernel_case1"),
    "matmul: no mask on the store": (
        "matmul", "matmul.py", "acc, mask=c_mask)", "acc)", "kernel",
        f"kernel matmul_kernel wrote past the end of its output (2994 elements): mask the store, {STRIDES}",
        "kernel_case1"),
    "matmul: stride_ak taken as 1": (
        "matmul", "matmul.py", A_PTR, "a_ptr + offs_m[:, None] * stride_am + ks[None, :]", "kernel",
        "matmul_kernel on (70, 50) @ (50, 45), blocks (32, 32, 16): right for row-major A and B, wrong for "
        "transposed views of them: address A[m, k] as a_ptr + m * stride_am + k * stride_ak (and B, C likewise), "
        "never assuming a stride is 1", "kernel_case1"),
    "matmul: the wrapper takes A as contiguous": (
        "matmul", "matmul.py", "a.stride(0), a.stride(1), b.stride(0)", "K, 1, b.stride(0)", "wrapper",
        "matmul of a transposed (100, 65) view and (65, 33): 3300 of 3300 values differ; max abs diff 43.2, worst at "
        "[37, 1] (got -19.1773, expected 24.0035)", "wrapper_case1"),
    "attention: no causal mask": (
        "attention", "attention.py", "        s = tl.where(offs_m[:, None] >= ns[None, :], s, float(\"-inf\"))\n", "",
        "kernel", "attention_kernel on 6 heads of (45, 16) is not causal: changing the keys and values from position "
        "22 on changed the outputs before it; mask the scores of later keys with -inf (query position >= key "
        "position)", "kernel_case1"),
    "attention: the running sum and acc not rescaled": (
        "attention", "attention.py",
        "l_i = l_i * alpha + tl.sum(p, axis=1)\n        acc = acc * alpha[:, None] + tl.dot(p, v)",
        "l_i = l_i + tl.sum(p, axis=1)\n        acc = acc + tl.dot(p, v)", "kernel",
        "attention_kernel on 6 heads of (45, 16): the first 16 positions (one block of keys) are right, position 17 "
        "is not: when a block of keys raises a query's running max, rescale the running sum and acc by "
        "exp(m_old - m_new)", "kernel_case1"),
    "attention: the scores not scaled": (
        "attention", "attention.py", "s = tl.dot(q, tl.trans(k)) * scale", "s = tl.dot(q, tl.trans(k))", "kernel",
        "attention_kernel on 6 heads of (45, 16): 4224 of 4320 values differ; max abs diff 2.24, worst at "
        "[5, 28, 12] (got 2.56701, expected 0.326407)", "kernel_case1"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_loses_points(grade_mutant, mistake):
    exercise, file, old, new, check, feedback, hidden = MISTAKES[mistake]
    r = grade_mutant(f"kernels.{exercise}", file, old, new)
    failing = r.check(check)
    assert r.points < r.max_points
    assert failing.status == "failed" and failing.points == 0, failing
    assert failing.feedback == (feedback if isinstance(feedback, list) else [feedback])
    if hidden:
        assert r.check(hidden).status in ("failed", "error"), r.check(hidden)


def test_a_store_far_out_of_bounds_crashes_the_child_not_the_grader(grade_mutant):
    """A store at 100,000 times the offset segfaults the interpreter's process: each check that runs it
    is that check's error (the next one runs in a fresh child), and the grader goes on."""
    r = grade_mutant("kernels.vector_add", "vector_add.py", STORE, "tl.store(output_ptr + offsets * 100000, x + y)")
    assert r.points == 0
    crash = "the process crashed with a segmentation fault (memory read or written out of bounds?) while running " \
            "this check"
    for name in ("kernel", "wrapper", "kernel_case1", "wrapper_case1"):
        assert r.check(name).status == "error" and r.check(name).feedback == [crash], r.check(name)
    assert r.check("masks").status == "failed"


ALTERNATIVES = {
    "vector add: blocks of 256, the mask written inline": (
        "vector_add", "vector_add.py", [
            ("grid = (triton.cdiv(n_elements, 1024),)\n    add_kernel[grid](x, y, output, n_elements, BLOCK_SIZE=1024)",
             "add_kernel[(triton.cdiv(n_elements, 256),)](x, y, output, n_elements, BLOCK_SIZE=256)"),
            (STORE, "tl.store(output_ptr + offsets, x + y, mask=offsets < n_elements)")]),
    "softmax: exp2 of the scaled difference, the output made contiguous": (
        "softmax", "softmax.py", [
            ("numerator = tl.exp(z)", "numerator = tl.exp2(z * 1.4426950408889634)"),
            ("y = torch.empty_like(x)", "y = torch.empty(x.shape, dtype=x.dtype, device=x.device)")]),
    "layernorm: E[x^2] - mean^2, one row per program": (
        "layernorm", "layernorm.py", [
            ("    var = tl.sum(xc * xc, axis=1) / N\n", "    var = tl.sum(x * x, axis=1) / N - mean * mean\n"),
            ("BLOCK_M, BLOCK_N = 4, triton.next_power_of_2(N)", "BLOCK_M, BLOCK_N = 1, triton.next_power_of_2(N)")]),
    "matmul: tl.dot accumulating in place, A made contiguous, 16 x 64 tiles": (
        "matmul", "matmul.py", [
            ("acc += tl.dot(a, b)", "acc = tl.dot(a, b, acc)"),
            ("    M, K = a.shape\n", "    a = a.contiguous()\n    M, K = a.shape\n"),
            ("grid = (triton.cdiv(M, 32), triton.cdiv(N, 32))", "grid = (triton.cdiv(M, 16), triton.cdiv(N, 64))"),
            ("BLOCK_M=32, BLOCK_N=32, BLOCK_K=32", "BLOCK_M=16, BLOCK_N=64, BLOCK_K=16")]),
    "attention: every key block visited, the causal mask doing the work; exp2": (
        "attention", "attention.py", [
            ("range(0, (start_m + 1) * BLOCK_M, BLOCK_N)", "range(0, T, BLOCK_N)"),
            ("p = tl.exp(s - m_new[:, None])", "p = tl.exp2((s - m_new[:, None]) * 1.4426950408889634)")]),
}


@pytest.fixture
def grade_edited(course, tmp_path):
    """grade_mutant with several edits to one file, each applying exactly once."""
    def run(target: str, file: str, edits: list[tuple[str, str]]):
        ex = course.resolve([target])[0]
        root = copy_lecture(course, ex.dir, tmp_path)
        path = root / ex.dir / file
        text = path.read_text()
        for old, new in edits:
            assert text.count(old) == 1, f"{file}: expected one {old!r}"
            text = text.replace(old, new)
        path.write_text(text)
        return grade(course, [target], root).exercise(ex.id)
    return run


@pytest.mark.parametrize("alternative", list(ALTERNATIVES))
def test_correct_code_written_another_way_keeps_full_marks(grade_edited, alternative):
    exercise, file, edits = ALTERNATIVES[alternative]
    r = grade_edited(f"kernels.{exercise}", file, edits)
    assert r.points == r.max_points, [(c.name, c.feedback) for c in r.checks if c.points < c.max_points]
