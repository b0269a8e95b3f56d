"""Lecture 7, EX4 menu: rotary position embeddings (RoPE; Su et al. 2021, "RoFormer").

One of six features from the transformer papers (rope, rmsnorm, swiglu, gqa, alibi,
qknorm): pick any, each is graded on its own, and one you skip scores 0.

The lecture's GPT adds a learned ``position_embedding_table`` to the token embeddings: an
*absolute* position. RoPE has no position table. It rotates each query and key instead:
the features of a head come in pairs, and pair ``i`` of the vector at position ``m`` is
turned by the angle ``m * theta_i``, ``theta_i = 10000 ** (-2i / head_size)``. A rotation
keeps a vector's length, and the dot product of a query rotated by ``m`` with a key rotated
by ``n`` depends on ``m - n`` only: attention sees *relative* positions. The values are
not rotated.

Which features form a pair is yours to choose: neighbours ``(2i, 2i+1)`` as in llama's
``apply_rotary_emb`` (interleaved), or ``(i, i + head_size/2)`` as in Hugging Face's
``rotate_half``; both are accepted.
"""
import torch
import torch.nn as nn
from torch.nn import functional as F


def apply_rope(x, theta=10000.0):
    """``x`` (B, n_head, T, head_size), head_size even -> the same shape, rotated.

    The vector at position ``m`` (the index along dim 2, from 0) has each of its
    ``head_size / 2`` pairs rotated by ``m * theta ** (-2i / head_size)`` (pair ``i``; the
    first component of the pair ``a``, the second ``b``: ``(a cos - b sin, a sin + b cos)``).
    """
    # BEGIN SOLUTION
    B, nh, T, hs = x.shape
    freqs = theta ** (-torch.arange(0, hs, 2, device=x.device, dtype=torch.float32) / hs)  # (hs/2,)
    angles = torch.outer(torch.arange(T, device=x.device, dtype=torch.float32), freqs)  # (T, hs/2)
    cos, sin = angles.cos().to(x.dtype), angles.sin().to(x.dtype)
    a, b = x[..., 0::2], x[..., 1::2]  # interleaved pairs, as llama's apply_rotary_emb
    return torch.stack((a * cos - b * sin, a * sin + b * cos), dim=-1).flatten(-2)
    # END SOLUTION


class RoPESelfAttention(nn.Module):
    """Causal self-attention of all heads at once (EX1's layout) with RoPE on q and k.

    ``RoPESelfAttention(n_embd, n_head, block_size)``: ``c_attn = nn.Linear(n_embd,
    3 * n_embd, bias=False)`` (q, k, v in that order, head h owning features
    ``h*head_size:(h+1)*head_size`` of each) and ``c_proj = nn.Linear(n_embd, n_embd)``.

    ``forward(x)``: (B, T, n_embd) -> (B, T, n_embd). Split q, k, v into heads
    (B, n_head, T, head_size), rotate q and k with ``apply_rope`` (never v), then causal
    attention scaled by ``head_size**-0.5`` (``F.scaled_dot_product_attention(q, k, v,
    is_causal=True)`` will do) and ``c_proj``. No position embedding is added anywhere:
    a model built on this module needs no ``position_embedding_table``.
    """

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.n_head, self.n_embd = n_head, n_embd
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=False)
        self.c_proj = nn.Linear(n_embd, n_embd)

    def forward(self, x):
        # BEGIN SOLUTION
        B, T, C = x.shape
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in (q, k, v))
        q, k = apply_rope(q), apply_rope(k)
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C))
        # END SOLUTION
