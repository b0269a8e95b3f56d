"""Lecture 7, EX4 menu: grouped-query attention (Ainslie et al. 2023, "GQA"), and multi-query.

One of six features from the transformer papers (rope, rmsnorm, swiglu, gqa, alibi,
qknorm): pick any, each is graded on its own, and one you skip scores 0.

In multi-head attention every head has its own keys and values; at generation time the
KV cache of all of them dominates memory. Grouped-query attention keeps ``n_head`` query
heads but only ``n_kv_head`` key/value heads (n_head divisible by n_kv_head): each group of
``n_rep = n_head // n_kv_head`` consecutive query heads shares one, so query head ``h``
uses KV head ``h // n_rep``. ``n_kv_head = 1`` is multi-query attention (Shazeer 2019),
``n_kv_head = n_head`` plain multi-head attention. k and v get ``n_rep`` times fewer
parameters.
"""
import torch.nn as nn
from torch.nn import functional as F


class GroupedQueryAttention(nn.Module):
    """``GroupedQueryAttention(n_embd, n_head, n_kv_head, block_size)``, ``head_size = n_embd // n_head``:
    ``wq = nn.Linear(n_embd, n_head * head_size, bias=False)``, ``wk`` and ``wv`` =
    ``nn.Linear(n_embd, n_kv_head * head_size, bias=False)``, ``wo = nn.Linear(n_embd, n_embd,
    bias=False)`` (llama's names). In each projection head h owns features
    ``h*head_size:(h+1)*head_size``.

    ``forward(x)``: (B, T, n_embd) -> (B, T, n_embd). q (B, n_head, T, head_size); k and v
    (B, n_kv_head, T, head_size), each KV head repeated for its group of n_rep consecutive
    query heads (``repeat_interleave`` along the head dimension), causal attention scaled by
    ``head_size**-0.5``, heads back side by side, ``wo``. The result must equal
    ``F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=True)`` on the
    unrepeated k and v (write the repetition out).
    """

    def __init__(self, n_embd, n_head, n_kv_head, block_size):
        super().__init__()
        raise NotImplementedError

    def forward(self, x):
        raise NotImplementedError
