"""Need for speed: a tiled matmul with ``tl.dot``.

Program (m, n) computes the (BLOCK_M, BLOCK_N) tile of ``C = A @ B`` at rows
``m * BLOCK_M ...`` and columns ``n * BLOCK_N ...``: it walks K in steps of ``BLOCK_K``, loads a
tile of A and a tile of B, and adds their ``tl.dot`` into a float32 accumulator. The tiles at
the edges stick out of the matrices (M, N and K need not be multiples of the blocks): mask
their loads with 0 (a zero adds nothing to the dot) and the store of C. Every pointer is
``base + row * stride_row + col * stride_col``: the matrices may be transposed views.
"""
import torch
import triton
import triton.language as tl


@triton.jit
def matmul_kernel(a_ptr, b_ptr, c_ptr, M, N, K, stride_am, stride_ak, stride_bk, stride_bn, stride_cm, stride_cn,
                  BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr, BLOCK_K: tl.constexpr):
    """The tile of C for program (``tl.program_id(0)``, ``tl.program_id(1)``) = (tile row, tile
    column), summed over K in ``BLOCK_K`` steps with ``tl.dot``, every load and the store masked."""
    # BEGIN SOLUTION
    offs_m = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = tl.program_id(1) * BLOCK_N + tl.arange(0, BLOCK_N)
    offs_k = tl.arange(0, BLOCK_K)
    acc = tl.zeros((BLOCK_M, BLOCK_N), dtype=tl.float32)
    for k in range(0, tl.cdiv(K, BLOCK_K)):
        ks = k * BLOCK_K + offs_k
        a = tl.load(a_ptr + offs_m[:, None] * stride_am + ks[None, :] * stride_ak,
                    mask=(offs_m[:, None] < M) & (ks[None, :] < K), other=0.0)
        b = tl.load(b_ptr + ks[:, None] * stride_bk + offs_n[None, :] * stride_bn,
                    mask=(ks[:, None] < K) & (offs_n[None, :] < N), other=0.0)
        acc += tl.dot(a, b)
    c_mask = (offs_m[:, None] < M) & (offs_n[None, :] < N)
    tl.store(c_ptr + offs_m[:, None] * stride_cm + offs_n[None, :] * stride_cn, acc, mask=c_mask)
    # END SOLUTION


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``a @ b`` for float32 ``a`` (M, K) and ``b`` (K, N), any strides: 32 x 32 tiles with
    BLOCK_K 32, a grid of ``(triton.cdiv(M, 32), triton.cdiv(N, 32))`` programs."""
    # BEGIN SOLUTION
    M, K = a.shape
    N = b.shape[1]
    c = torch.empty((M, N), device=a.device, dtype=torch.float32)
    grid = (triton.cdiv(M, 32), triton.cdiv(N, 32))
    matmul_kernel[grid](a, b, c, M, N, K, a.stride(0), a.stride(1), b.stride(0), b.stride(1),
                        c.stride(0), c.stride(1), BLOCK_M=32, BLOCK_N=32, BLOCK_K=32)
    return c
    # END SOLUTION
