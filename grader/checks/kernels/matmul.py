"""The public checks of kernels.matmul: matmul_kernel on padded views, row-major and transposed,
at sizes no block divides; matmul of a transposed view; and (on a GPU) matmul compiled and timed
against torch."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.kernels import OUT, PAD, called, cdiv, every_exercise_checks, in_bounds, launched, nan_padded
from grader.judge import close, failed

ATOL = 1e-4     # a sum of K float32 products, in another order than torch's
TF32_ATOL = 0.1  # compiled, tl.dot multiplies float32 in TF32 (10-bit mantissas): ~0.02 over K = 2048


def tiles(sub, a: torch.Tensor, b: torch.Tensor, blocks: tuple[int, int, int]) -> dict:
    (M, K), N = a.shape, b.shape[1]
    bm, bn, bk = blocks
    return launched(sub.matmul_kernel, (cdiv(M, bm), cdiv(N, bn)), (M, N), a, b, OUT, M, N, K, *a.stride(),
                    *b.stride(), N + PAD, 1, BLOCK_M=bm, BLOCK_N=bn, BLOCK_K=bk)


@check(weight=3, case=dict(M=70, N=45, K=50, blocks=(32, 32, 16)))
def kernel(sub, M, N, K, blocks):
    a, b = torch.randn(M, K), torch.randn(K, N)
    return {"rows": tiles(sub, nan_padded(a), nan_padded(b), blocks),
            "transposed": tiles(sub, nan_padded(a, transposed=True), nan_padded(b, transposed=True), blocks)}


@kernel.judge
def kernel_tiles_cover_c(got, want, M, N, K, blocks):
    name = f"matmul_kernel on ({M}, {K}) @ ({K}, {N}), blocks {blocks}"
    verdict = in_bounds(got["rows"], "matmul_kernel", strided=True) and \
        close(got["rows"]["out"], want["rows"]["out"], name, atol=ATOL)
    if not verdict:
        return verdict
    if not (in_bounds(got["transposed"], "matmul_kernel", strided=True)
            and close(got["transposed"]["out"], want["transposed"]["out"], name, atol=ATOL)):
        return failed(f"{name}: right for row-major A and B, wrong for transposed views of them: address A[m, k] "
                      f"as a_ptr + m * stride_am + k * stride_ak (and B, C likewise), never assuming a stride is 1")
    return verdict


@check(weight=2, case=dict(M=100, N=33, K=65))
def wrapper(sub, M, N, K):
    a = torch.randn(K, M).t()
    return {"out": called(sub.matmul, a, torch.randn(K, N))}


@wrapper.judge
def matmul_of_a_transposed_view(got, want, M, N, K):
    return close(got["out"], want["out"], f"matmul of a transposed ({M}, {K}) view and ({K}, {N})", atol=ATOL)


every_exercise_checks("matmul_kernel", "matmul", torch.matmul,
                      lambda: (torch.randn(2048, 2048), torch.randn(2048, 2048)), atol=TF32_ATOL)
