"""The public checks of lecture7.EX4_alibi: the paper's slopes, and the attention against the formula
computed here from the learner's weights. Outputs are compared, which follow from the attention
probabilities: Bloom's ``+m * j`` bias and the paper's ``-m * (i - j)`` differ by a constant per row,
which the softmax ignores, so either passes. A bias that rewards distance (slopes of the wrong sign)
is named."""
from __future__ import annotations

import math

import torch
from torch.nn import functional as F

from grader.checks.lecture7 import ATOL, RTOL, checks, judge_menu_params, merge_heads, seeded_run, split_heads
from grader.judge import close, failed, is_number, passed


def slopes(n: int) -> list[float]:
    """Press et al.'s slopes: a geometric sequence from 2**(-8/n) for a power of two n; otherwise those of the
    power of two below n, then every other slope of twice that power."""
    if math.log2(n).is_integer():
        return [2 ** (-8 * (i + 1) / n) for i in range(n)]
    low = 2 ** math.floor(math.log2(n))
    return slopes(low) + slopes(2 * low)[0::2][:n - low]


def slopes_probe(sub, counts):
    return {"slopes": [sub.get_slopes(n) for n in counts]}


def slopes_are_the_papers(got, counts):
    for n, s in zip(counts, got["slopes"]):
        if type(s) not in (list, tuple) or len(s) != n or not all(is_number(m) for m in s):
            return failed(f"get_slopes({n}) should be a list of {n} numbers")
        want = slopes(n)
        if all(m < 0 for m in s):
            return failed(f"get_slopes({n}) are negative: the slopes are positive, and the bias is -slope * (i - j)")
        for h, (m, w) in enumerate(zip(s, want)):
            if abs(m - w) > 1e-6 * w:
                return failed(f"get_slopes({n})[{h}] is {m:.6g}, the paper's is {w:.6g}"
                              + ("" if math.log2(n).is_integer() else f" ({n} is no power of two: the slopes of "
                                 f"{2 ** math.floor(math.log2(n))} heads, then every other slope of "
                                 f"{2 ** math.ceil(math.log2(n))})"))
    return passed()


checks(slopes_probe, slopes_are_the_papers, slopes=dict(counts=(8, 4, 12, 6)))


def alibi_probe(sub, n_embd, n_head, T, B, seed):
    return seeded_run(sub.ALiBiSelfAttention(n_embd, n_head, T), seed, B, T, n_embd)


def alibi(params, x, n_head, sign=-1.0):
    q, k, v = split_heads(params, x, n_head)
    T = x.shape[1]
    pos = torch.arange(T)
    bias = sign * torch.tensor(slopes(n_head))[:, None, None] * (pos[:, None] - pos[None, :]).float()
    future = pos[None, :] > pos[:, None]
    att = (q @ k.transpose(-2, -1) * q.shape[-1] ** -0.5 + bias).masked_fill(future, float("-inf"))
    return merge_heads(F.softmax(att, dim=-1) @ v, params)


def alibi_matches_formula(got, want, n_embd, n_head):
    what = f"ALiBiSelfAttention({n_embd}, {n_head})"
    v = judge_menu_params(got, want, what)
    if not v:
        return v
    p, x = got["params"], got["x"]
    v = close(got["out"], alibi(p, x, n_head), f"{what} against causal attention with the bias -slope_h * (i - j)",
              atol=ATOL, rtol=RTOL)
    if not v and torch.allclose(got["out"], alibi(p, x, n_head, sign=1.0), atol=ATOL, rtol=RTOL):
        return failed(f"{what}: the bias grows with the distance i - j, so far keys win: ALiBi penalises distance, "
                      f"add -slope_h * (i - j) with the paper's positive slopes")
    return v


checks(alibi_probe, alibi_matches_formula, attention=dict(weight=3, n_embd=32, n_head=4, T=12, B=2, seed=111),
       attention_6_heads=dict(n_embd=24, n_head=6, T=8, B=2, seed=112))
