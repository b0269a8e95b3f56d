"""Lecture 7, EX4 menu: RMSNorm (Zhang & Sennrich 2019, "Root Mean Square Layer Normalization").

One of six features from the transformer papers (rope, rmsnorm, swiglu, gqa, alibi,
qknorm): pick any, each is graded on its own, and one you skip scores 0.

The lecture's LayerNorm subtracts each vector's mean, divides by its standard deviation,
then scales and shifts. RMSNorm keeps only the rescaling: it divides by the root mean
square of the features, ``sqrt(mean(x**2) + eps)``, with no mean subtracted and no bias,
then multiplies by a learned ``weight``. It is cheaper and works as well (llama, Qwen,
OLMo use it).
"""
import torch
import torch.nn as nn


class RMSNorm(nn.Module):
    """``RMSNorm(dim, eps=1e-6)``: a parameter ``weight = nn.Parameter(torch.ones(dim))``, no bias.

    ``forward(x)``: for ``x`` of shape (..., dim), ``x * torch.rsqrt(mean(x**2 over the
    last dimension, keepdim=True) + eps) * weight``. It must equal ``torch.nn.RMSNorm(dim,
    eps=eps)`` with the same weight (write it out; don't call that module or F.rms_norm).
    """

    def __init__(self, dim, eps=1e-6):
        super().__init__()
        # BEGIN SOLUTION
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        return x * torch.rsqrt(x.pow(2).mean(-1, keepdim=True) + self.eps) * self.weight
        # END SOLUTION
