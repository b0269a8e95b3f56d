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
    raise NotImplementedError


def matmul(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """``a @ b`` for float32 ``a`` (M, K) and ``b`` (K, N), any strides: 32 x 32 tiles with
    BLOCK_K 32, a grid of ``(triton.cdiv(M, 32), triton.cdiv(N, 32))`` programs."""
    raise NotImplementedError
