"""Lecture 7, exercise 1: multi-head attention in one module, heads as a batch dimension.

``MultiHeadAttention`` runs ``num_heads`` separate ``Head`` modules in a Python loop: three
small matrix multiplies per head for q, k and v, then one attention per head. The same
arithmetic can be done at once: one linear map ``c_attn`` makes q, k and v of every head
together, a view and a transpose turn the heads into a batch dimension,
(B, T, n_embd) -> (B, n_head, T, head_size), and a single batched attention does every head
in parallel (this is nanoGPT's ``CausalSelfAttention``). It is the same function as
``MultiHeadAttention`` with the weights laid out side by side, and much faster on a GPU.

The module must also work on CUDA, and under ``torch.autocast`` in bfloat16 and float16.
``F.scaled_dot_product_attention`` may be used, but is not needed.
"""
import math

import torch
import torch.nn as nn
from torch.nn import functional as F


class CausalSelfAttention(nn.Module):
    """All heads of causal self-attention at once.

    ``CausalSelfAttention(n_embd, n_head, block_size, dropout=0.0)`` (n_embd divisible by
    n_head, ``head_size = n_embd // n_head``) has:

    - ``c_attn = nn.Linear(n_embd, 3 * n_embd, bias=False)``: the queries, keys and values
      of all heads; its output splits into q, k, v (in that order) of n_embd each, and in
      each of those head h owns features ``h*head_size:(h+1)*head_size``. So with the
      weights of a ``MultiHeadAttention`` ``mha``, ``c_attn.weight`` is
      ``torch.cat([h.query.weight for h in mha.heads] + [h.key.weight ...] + [h.value.weight ...])``;
    - ``c_proj = nn.Linear(n_embd, n_embd)``: the output projection (``mha.proj``);
    - a causal mask buffer (e.g. ``tril``) for ``block_size`` positions, and dropout.

    ``forward(x)``: (B, T, n_embd) with T <= block_size -> (B, T, n_embd), equal to
    ``MultiHeadAttention`` with those weights: each head's scores scaled by
    ``head_size**-0.5``, causal, softmax, weighted sum of values, heads concatenated in
    order, ``c_proj``, dropout. No Python loop over the heads: the heads are a batch
    dimension. It must run on whatever device ``x`` and the module are on, and under
    autocast (bf16, fp16).
    """

    def __init__(self, n_embd, n_head, block_size, dropout=0.0):
        super().__init__()
        # BEGIN SOLUTION
        assert n_embd % n_head == 0
        self.n_head = n_head
        self.n_embd = n_embd
        # key, query, value projections for all heads, in a batch
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=False)
        # output projection
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.attn_dropout = nn.Dropout(dropout)
        self.resid_dropout = nn.Dropout(dropout)
        # causal mask: each position sees only itself and the past
        self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)).view(1, 1, block_size, block_size))
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        B, T, C = x.size()  # batch size, sequence length, embedding dimensionality (n_embd)
        hs = C // self.n_head
        # calculate query, key, values for all heads in batch and move head forward to be the batch dim
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        k = k.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        # causal self-attention; (B, nh, T, hs) x (B, nh, hs, T) -> (B, nh, T, T)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(hs))
        att = att.masked_fill(self.tril[:, :, :T, :T] == 0, float('-inf'))
        att = F.softmax(att, dim=-1)
        att = self.attn_dropout(att)
        y = att @ v  # (B, nh, T, T) x (B, nh, T, hs) -> (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # re-assemble all head outputs side by side
        # output projection
        return self.resid_dropout(self.c_proj(y))
        # END SOLUTION
