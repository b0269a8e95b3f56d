"""The public checks of lecture7.EX4_gqa: against F.scaled_dot_product_attention(..., enable_gqa=True)
computed here from the learner's weights, for grouped-query, multi-query and multi-head sizes; the
parameter shapes show k and v n_rep times smaller. KV heads tiled with ``.repeat`` (query head h on
KV head h % n_kv_head) instead of ``repeat_interleave`` (h // n_rep) is named."""
from __future__ import annotations

import torch
from torch.nn import functional as F

from grader.checks.lecture7 import ATOL, RTOL, checks, judge_menu_params, seeded_run
from grader.judge import close, failed


def gqa_probe(sub, n_embd, n_head, n_kv_head, T, B, seed):
    return seeded_run(sub.GroupedQueryAttention(n_embd, n_head, n_kv_head, T), seed, B, T, n_embd)


def gqa(params, x, n_head, n_kv_head, tiled=False):
    B, T, C = x.shape
    hs = C // n_head
    q = (x @ params["wq.weight"].T).view(B, T, n_head, hs).transpose(1, 2)
    k, v = ((x @ params[f"{name}.weight"].T).view(B, T, n_kv_head, hs).transpose(1, 2) for name in ("wk", "wv"))
    if tiled:
        k, v = k.repeat(1, n_head // n_kv_head, 1, 1), v.repeat(1, n_head // n_kv_head, 1, 1)
    y = F.scaled_dot_product_attention(q, k, v, is_causal=True, enable_gqa=not tiled)
    return y.transpose(1, 2).reshape(B, T, C) @ params["wo.weight"].T


def gqa_matches_sdpa(got, want, n_embd, n_head, n_kv_head):
    what = f"GroupedQueryAttention({n_embd}, n_head={n_head}, n_kv_head={n_kv_head})"
    v = judge_menu_params(got, want, what)
    if not v:
        return v
    p, x = got["params"], got["x"]
    v = close(got["out"], gqa(p, x, n_head, n_kv_head), f"{what} against scaled_dot_product_attention(..., "
              f"enable_gqa=True)", atol=ATOL, rtol=RTOL)
    if not v and torch.allclose(got["out"], gqa(p, x, n_head, n_kv_head, tiled=True), atol=ATOL, rtol=RTOL):
        return failed(f"{what}: query head h uses KV head h % n_kv_head, the tiling of .repeat; each KV head serves "
                      f"n_rep consecutive query heads (head h uses KV head h // n_rep): use "
                      f"repeat_interleave(n_rep, dim=1)")
    return v


checks(gqa_probe, gqa_matches_sdpa,
       grouped=dict(weight=3, n_embd=32, n_head=8, n_kv_head=2, T=10, B=2, seed=101),
       multi_query=dict(n_embd=32, n_head=4, n_kv_head=1, T=10, B=2, seed=102),
       multi_head=dict(n_embd=24, n_head=3, n_kv_head=3, T=7, B=2, seed=103))
