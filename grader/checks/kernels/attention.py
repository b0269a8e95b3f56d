"""The public checks of kernels.attention: attention_kernel on padded views (again with the later
keys and values changed, which must not change the earlier outputs), attention on the lecture's
transposed (B, n_head, T, head_size) views, and (on a GPU) attention compiled and timed against
torch's scaled_dot_product_attention."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from grader.check import check
from grader.checks.kernels import OUT, PAD, called, cdiv, every_exercise_checks, in_bounds, launched, nan_padded
from grader.judge import close, failed

BLOCK = 16          # the grader's launch: blocks of 16 queries and 16 keys
ATOL = 1e-5
TF32_ATOL = 1e-2    # compiled, tl.dot multiplies float32 in TF32 (10-bit mantissas)


def causal_attention(q, k, v):
    return F.scaled_dot_product_attention(q, k, v, is_causal=True)


@check(weight=3, case=dict(heads=6, T=45, head_size=16))
def kernel(sub, heads, T, head_size):
    q, k, v = (torch.randn(heads, T, head_size) for _ in range(3))
    later = torch.randn(heads, T - T // 2, head_size)
    runs = {}
    for name, (keys, values) in (("out", (k, v)), ("future", (torch.cat([k[:, :T // 2], later], 1),
                                                             torch.cat([v[:, :T // 2], later], 1)))):
        views = [nan_padded(t, pad=32) for t in (q, keys, values)]
        strides = [s for t in views for s in t.stride()[:2]]
        runs[name] = launched(sub.attention_kernel, (cdiv(T, BLOCK), heads), (heads, T, head_size), *views, OUT,
                              *strides, (T + PAD) * (head_size + PAD), head_size + PAD, T, 1 / math.sqrt(head_size),
                              HEAD=head_size, BLOCK_M=BLOCK, BLOCK_N=BLOCK)
    return {"out": runs["out"]["out"], "future": runs["future"]["out"], "past": sum(r["past"] for r in runs.values())}


@kernel.judge
def kernel_attends_causally(got, want, heads, T, head_size):
    name = f"attention_kernel on {heads} heads of ({T}, {head_size})"
    verdict = in_bounds(got, "attention_kernel")
    if not verdict:
        return verdict
    half = T // 2
    if not close(got["future"][:, :half], got["out"][:, :half], name, atol=ATOL):
        return failed(f"{name} is not causal: changing the keys and values from position {half} on changed the "
                      f"outputs before it; mask the scores of later keys with -inf (query position >= key position)")
    right = ((got["out"] - want["out"]).abs() <= ATOL + 1e-5 * want["out"].abs()).all(dim=2).all(dim=0)
    if right[:BLOCK].all() and not right.all():
        return failed(f"{name}: the first {BLOCK} positions (one block of keys) are right, position "
                      f"{int((~right).nonzero()[0])} is not: when a block of keys raises a query's running max, "
                      f"rescale the running sum and acc by exp(m_old - m_new)")
    return close(got["out"], want["out"], name, atol=ATOL)


@check(weight=2, case=dict(B=2, n_head=3, T=37, head_size=16))
def wrapper(sub, B, n_head, T, head_size):
    q, k, v = (torch.randn(B, T, n_head, head_size).transpose(1, 2) for _ in range(3))
    return {"out": called(sub.attention, q, k, v)}


@wrapper.judge
def attention_of_transposed_views(got, want, B, n_head, T, head_size):
    return close(got["out"], want["out"], f"attention of ({B}, {n_head}, {T}, {head_size}) views", atol=ATOL)


every_exercise_checks("attention_kernel", "attention", causal_attention,
                      lambda: tuple(torch.randn(8, 12, 1024, 64) for _ in range(3)), atol=TF32_ATOL)
