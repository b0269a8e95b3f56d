"""The hidden checks of lecture7.EX1."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture7 import (
    ATOL, RTOL, close, fused_probe, inputs, judge_causal, judge_fused, judge_fused_grads, per_head_weights,
)


def per_head_attention(seed: int, n_embd: int, n_head: int, block_size: int, B: int) -> torch.Tensor:
    """MultiHeadAttention as the lecture writes it, head by head, on the probe's weights and input."""
    w = per_head_weights(seed, n_embd, n_head)
    x = inputs(seed + 1, B, block_size, n_embd)
    T = x.shape[1]
    mask = torch.tril(torch.ones(T, T)) == 0
    heads = []
    for Wq, Wk, Wv in zip(w["query"], w["key"], w["value"]):
        q, k, v = x @ Wq.T, x @ Wk.T, x @ Wv.T
        wei = (q @ k.transpose(-2, -1) * Wk.shape[0]**-0.5).masked_fill(mask, float("-inf")).softmax(-1)
        heads.append(wei @ v)
    return torch.cat(heads, dim=-1) @ w["proj_weight"].T + w["proj_bias"]


@check(weight=3)
def matches_per_head_other_sizes(sub):
    return fused_probe(sub, 48, 6, 12, seed=131, B=3, short=1, ts=(0, 6))


@matches_per_head_other_sizes.judge
def _(got, want):
    truth = per_head_attention(131, 48, 6, 12, 3)
    v = close(got["out"], truth, "CausalSelfAttention(48, 6) against per-head attention", atol=ATOL, rtol=RTOL)
    return v & judge_fused(got, want, "CausalSelfAttention(48, 6)") & \
        judge_causal(got["causal"], "CausalSelfAttention(48, 6)")


@check(weight=2)
def gradients_other_sizes(sub):
    return fused_probe(sub, 24, 2, 8, seed=132, B=3, short=3)


@gradients_other_sizes.judge
def _(got, want):
    return judge_fused_grads(got, want, "CausalSelfAttention(24, 2)")

