"""Lecture 7, EX4 menu: the SwiGLU feed-forward (Shazeer 2020, "GLU Variants Improve Transformer").

One of six features from the transformer papers (rope, rmsnorm, swiglu, gqa, alibi,
qknorm): pick any, each is graded on its own, and one you skip scores 0.

The lecture's FeedForward is Linear, ReLU, Linear with a 4x wider middle. SwiGLU has
three matrices: the input goes through two of them, ``w1`` and ``w3``; the SiLU of the
first *gates* the second, elementwise; ``w2`` maps the product back:
``w2(silu(w1(x)) * w3(x))``. To keep the parameter count of a 4x MLP with three matrices
instead of two, the hidden width is two thirds of 4 * dim, rounded up to a multiple of
``multiple_of`` (llama's ``FeedForward``: 2048 for dim 768 and multiple_of 256).
"""
import torch.nn as nn
from torch.nn import functional as F


class SwiGLU(nn.Module):
    """``SwiGLU(dim, multiple_of=256)``: ``w1``, ``w3``: ``nn.Linear(dim, hidden, bias=False)``,
    ``w2 = nn.Linear(hidden, dim, bias=False)``, with ``hidden = int(2 * 4 * dim / 3)`` rounded up
    to a multiple of ``multiple_of``.

    ``forward(x)``: (..., dim) -> (..., dim), ``w2(F.silu(w1(x)) * w3(x))``.
    """

    def __init__(self, dim, multiple_of=256):
        super().__init__()
        # BEGIN SOLUTION
        hidden = int(2 * 4 * dim / 3)
        hidden = multiple_of * ((hidden + multiple_of - 1) // multiple_of)
        self.w1 = nn.Linear(dim, hidden, bias=False)
        self.w2 = nn.Linear(hidden, dim, bias=False)
        self.w3 = nn.Linear(dim, hidden, bias=False)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        return self.w2(F.silu(self.w1(x)) * self.w3(x))
        # END SOLUTION
