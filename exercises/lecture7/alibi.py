"""Lecture 7, EX4 menu: ALiBi, attention with linear biases (Press et al. 2022, "Train Short, Test Long").

One of six features from the transformer papers (rope, rmsnorm, swiglu, gqa, alibi,
qknorm): pick any, each is graded on its own, and one you skip scores 0.

ALiBi has no position embedding either. It penalises attention by distance: head h adds
``-m_h * (i - j)`` to the score of query i for key j (j <= i), so far-away keys count
less, each head with its own slope ``m_h``. The slopes are a geometric sequence: for
n heads (a power of two) they start at ``2 ** (-8 / n)`` and each is that times the one
before (8 heads: 1/2, 1/4, ..., 1/256). For other head counts the paper takes the slopes
of the closest power of two below n, then every other slope of twice that power, until
there are n.
"""
import math

import torch
import torch.nn as nn
from torch.nn import functional as F


def get_slopes(n_head):
    """The paper's slopes of ``n_head`` heads, a list of floats, largest first."""
    raise NotImplementedError


class ALiBiSelfAttention(nn.Module):
    """Causal self-attention of all heads at once (EX1's layout) with ALiBi's biases.

    ``ALiBiSelfAttention(n_embd, n_head, block_size)``: ``c_attn = nn.Linear(n_embd,
    3 * n_embd, bias=False)`` (q, k, v in that order, head h owning features
    ``h*head_size:(h+1)*head_size`` of each) and ``c_proj = nn.Linear(n_embd, n_embd)``.

    ``forward(x)``: (B, T, n_embd) -> (B, T, n_embd). Scores ``q @ k.transpose(-2, -1)``
    scaled by ``head_size**-0.5``, plus head h's bias ``-slope_h * (i - j)`` (from
    ``get_slopes(n_head)``), future positions masked, softmax, ``@ v``, ``c_proj``. (Adding
    ``slope_h * j`` instead, as Bloom does, gives the same probabilities: a softmax ignores
    what is added to a whole row.)
    """

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.n_head, self.n_embd = n_head, n_embd
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=False)
        self.c_proj = nn.Linear(n_embd, n_embd)
        raise NotImplementedError

    def forward(self, x):
        raise NotImplementedError
