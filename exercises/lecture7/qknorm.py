"""Lecture 7, EX4 menu: QK-norm, normalised queries and keys (as in OLMo 2 and Qwen3).

One of six features from the transformer papers (rope, rmsnorm, swiglu, gqa, alibi,
qknorm): pick any, each is graded on its own, and one you skip scores 0.

Attention scores grow with the size of the queries and keys; when they grow too large
the softmax saturates and training becomes unstable. QK-norm puts an RMSNorm on the
queries and on the keys before the dot product, so the scores no longer depend on how
large q and k are: multiply every query by 10 and the output stays the same. Qwen3
normalises each head's q and k (over head_size), OLMo 2 the whole q and k (over n_embd,
before splitting into heads); either is accepted.
"""
import torch.nn as nn
from torch.nn import functional as F


class QKNormSelfAttention(nn.Module):
    """Causal self-attention of all heads at once (EX1's layout) with RMSNorm on q and k.

    ``QKNormSelfAttention(n_embd, n_head, block_size)``: ``c_attn = nn.Linear(n_embd,
    3 * n_embd, bias=False)`` (q, k, v in that order, head h owning features
    ``h*head_size:(h+1)*head_size`` of each), ``c_proj = nn.Linear(n_embd, n_embd)``, and
    ``q_norm``, ``k_norm``: ``nn.RMSNorm(head_size, eps=1e-6)`` (per head) or
    ``nn.RMSNorm(n_embd, eps=1e-6)`` (full width), your choice; the grader reads which from
    the shape of ``q_norm.weight``.

    ``forward(x)``: (B, T, n_embd) -> (B, T, n_embd): q and k through their norms, v not;
    causal attention scaled by ``head_size**-0.5``; ``c_proj``.
    """

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.n_head, self.n_embd = n_head, n_embd
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=False)
        self.c_proj = nn.Linear(n_embd, n_embd)
        raise NotImplementedError

    def forward(self, x):
        raise NotImplementedError
