"""Need for speed, bonus: causal attention forward in one kernel (the flash-attention way).

``softmax(q @ k^T * scale) @ v`` without ever writing the (T, T) scores to memory: a program
takes ``BLOCK_M`` queries of one head and walks the keys in blocks of ``BLOCK_N``, keeping for
each query the running max ``m`` of its scores, the running sum ``l`` of their exponentials and
the running weighted sum ``acc`` of the values. When a block raises the max, what was summed so
far is rescaled by ``exp(m_old - m_new)``; at the end ``acc / l`` is the output. Causal: a query
at position t sees the keys at positions <= t only, so the walk stops at the query block's end.
Batch and heads are one dimension here, (B * n_head, T, head_size), the last one contiguous.
"""
import math

import torch
import triton
import triton.language as tl


@triton.jit
def attention_kernel(Q, K, V, Out, stride_qh, stride_qt, stride_kh, stride_kt, stride_vh, stride_vt,
                     stride_oh, stride_ot, T, scale, HEAD: tl.constexpr, BLOCK_M: tl.constexpr,
                     BLOCK_N: tl.constexpr):
    """Program (``tl.program_id(0)``, ``tl.program_id(1)``) = (block of queries, head): the causal
    attention output of queries ``pid0 * BLOCK_M + tl.arange(0, BLOCK_M)`` of head ``pid1``, which
    has ``HEAD`` (= head_size) features. Element t, d of head h of Q is at
    ``Q + h * stride_qh + t * stride_qt + d`` (K, V, Out likewise); positions >= T are masked."""
    # BEGIN SOLUTION
    start_m, h = tl.program_id(0), tl.program_id(1)
    offs_m = start_m * BLOCK_M + tl.arange(0, BLOCK_M)
    offs_n = tl.arange(0, BLOCK_N)
    offs_d = tl.arange(0, HEAD)
    q = tl.load(Q + h * stride_qh + offs_m[:, None] * stride_qt + offs_d[None, :], mask=offs_m[:, None] < T,
                other=0.0)
    m_i = tl.full((BLOCK_M,), float("-inf"), dtype=tl.float32)
    l_i = tl.zeros((BLOCK_M,), dtype=tl.float32)
    acc = tl.zeros((BLOCK_M, HEAD), dtype=tl.float32)
    for start_n in range(0, (start_m + 1) * BLOCK_M, BLOCK_N):
        ns = start_n + offs_n
        k = tl.load(K + h * stride_kh + ns[:, None] * stride_kt + offs_d[None, :], mask=ns[:, None] < T, other=0.0)
        v = tl.load(V + h * stride_vh + ns[:, None] * stride_vt + offs_d[None, :], mask=ns[:, None] < T, other=0.0)
        s = tl.dot(q, tl.trans(k)) * scale
        s = tl.where(offs_m[:, None] >= ns[None, :], s, float("-inf"))
        m_new = tl.maximum(m_i, tl.max(s, axis=1))
        alpha = tl.exp(m_i - m_new)
        p = tl.exp(s - m_new[:, None])
        l_i = l_i * alpha + tl.sum(p, axis=1)
        acc = acc * alpha[:, None] + tl.dot(p, v)
        m_i = m_new
    out = acc / l_i[:, None]
    tl.store(Out + h * stride_oh + offs_m[:, None] * stride_ot + offs_d[None, :], out, mask=offs_m[:, None] < T)
    # END SOLUTION


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """``F.scaled_dot_product_attention(q, k, v, is_causal=True)`` for float32 (B, n_head, T, head_size)
    tensors, head_size a power of 2 (at least 16): heads flattened to (B * n_head, T, head_size), blocks of
    16 queries and 16 keys, a grid of ``(triton.cdiv(T, 16), B * n_head)`` programs, scale 1/sqrt(head_size)."""
    # BEGIN SOLUTION
    B, nh, T, hs = q.shape
    q, k, v = (t.reshape(B * nh, T, hs) for t in (q, k, v))
    out = torch.empty_like(q)
    grid = (triton.cdiv(T, 16), B * nh)
    attention_kernel[grid](q, k, v, out, q.stride(0), q.stride(1), k.stride(0), k.stride(1), v.stride(0), v.stride(1),
                           out.stride(0), out.stride(1), T, 1 / math.sqrt(hs), HEAD=hs, BLOCK_M=16, BLOCK_N=16)
    return out.view(B, nh, T, hs)
    # END SOLUTION
