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
    raise NotImplementedError


def attention(q: torch.Tensor, k: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
    """``F.scaled_dot_product_attention(q, k, v, is_causal=True)`` for float32 (B, n_head, T, head_size)
    tensors, head_size a power of 2 (at least 16): heads flattened to (B * n_head, T, head_size), blocks of
    16 queries and 16 keys, a grid of ``(triton.cdiv(T, 16), B * n_head)`` programs, scale 1/sqrt(head_size)."""
    raise NotImplementedError
