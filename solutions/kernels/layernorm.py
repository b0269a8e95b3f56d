"""Need for speed: LayerNorm forward, a block of rows per program.

Each program normalises ``BLOCK_M`` rows at once: it loads a (BLOCK_M, BLOCK_N) tile, with
``BLOCK_N >= N`` so that a row fits, and reduces over the columns (``axis=1``) for each row's
mean and variance. The tile's columns past ``N`` (and rows past ``M``) are masked, and they must
count in neither the mean nor the variance. As in nanoGPT, the variance is the biased one
(divide by N) and ``eps`` is added under the square root.
"""
import torch
import triton
import triton.language as tl


@triton.jit
def layernorm_kernel(X, Y, W, B, stride_x, stride_y, M, N, eps, BLOCK_M: tl.constexpr, BLOCK_N: tl.constexpr):
    """``Y[r] = (X[r] - mean) / sqrt(var + eps) * W + B`` for the ``BLOCK_M`` rows ``r`` of this
    program (``pid * BLOCK_M + tl.arange(0, BLOCK_M)``); row ``r`` of X starts at
    ``X + r * stride_x``, of Y at ``Y + r * stride_y``. Mean and variance are over the ``N``
    columns of each row: masked entries count in neither."""
    # BEGIN SOLUTION
    rows = tl.program_id(0) * BLOCK_M + tl.arange(0, BLOCK_M)
    cols = tl.arange(0, BLOCK_N)
    mask = (rows[:, None] < M) & (cols[None, :] < N)
    x = tl.load(X + rows[:, None] * stride_x + cols[None, :], mask=mask, other=0.0)
    mean = tl.sum(x, axis=1) / N
    xc = tl.where(mask, x - mean[:, None], 0.0)
    var = tl.sum(xc * xc, axis=1) / N
    rstd = 1 / tl.sqrt(var + eps)
    w = tl.load(W + cols, mask=cols < N)
    b = tl.load(B + cols, mask=cols < N)
    y = xc * rstd[:, None] * w[None, :] + b[None, :]
    tl.store(Y + rows[:, None] * stride_y + cols[None, :], y, mask=mask)
    # END SOLUTION


def layernorm(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """``F.layer_norm(x, (N,), weight, bias, eps)`` for a 2-D ``x`` (M, N), rows possibly strided:
    ``BLOCK_N = triton.next_power_of_2(N)``, ``BLOCK_M = 4``, ``triton.cdiv(M, BLOCK_M)`` programs."""
    # BEGIN SOLUTION
    M, N = x.shape
    y = torch.empty_like(x)
    BLOCK_M, BLOCK_N = 4, triton.next_power_of_2(N)
    layernorm_kernel[(triton.cdiv(M, BLOCK_M),)](x, y, weight, bias, x.stride(0), y.stride(0), M, N, eps,
                                                 BLOCK_M=BLOCK_M, BLOCK_N=BLOCK_N)
    return y
    # END SOLUTION
