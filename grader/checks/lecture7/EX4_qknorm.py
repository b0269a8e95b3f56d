"""The public checks of lecture7.EX4_qknorm: the output does not change when the queries (or the keys) are
made 10 times larger, and it equals attention on RMSNorm-ed q and k computed here from the learner's
weights, per head (Qwen3) or over the full width (OLMo 2), whichever ``q_norm.weight``'s shape says."""
from __future__ import annotations

import torch
from torch.nn import functional as F

from grader.checks.lecture7 import ATOL, RTOL, checks, fill, inputs, merge_heads, seeded_run, split_heads
from grader.judge import close, describe, failed, passed, tensor

EPS = 1e-6


def scaled_probe(sub, n_embd, n_head, T, B, seed):
    """The output, then the output with c_attn's query rows (then its key rows) times 10."""
    m = sub.QKNormSelfAttention(n_embd, n_head, T)
    fill(m, seed)
    m.eval()
    x = inputs(seed + 1, B, T, n_embd)
    out = {}
    with torch.no_grad():
        out["out"] = m(x)
        for name, rows in (("q", slice(0, n_embd)), ("k", slice(n_embd, 2 * n_embd))):
            m.c_attn.weight[rows] *= 10
            out[name] = m(x)
            m.c_attn.weight[rows] /= 10
    return out


def invariant_to_the_scale_of_q_and_k(got, n_embd, n_head):
    what = f"QKNormSelfAttention({n_embd}, {n_head})"
    for name in ("q", "k"):
        v = tensor(got[name], got["out"], what)
        if not v:
            return v
        diff = float((got[name] - got["out"]).abs().max())
        if diff > 1e-4:
            return failed(f"{what}: making every {'query' if name == 'q' else 'key'} 10 times larger changed the "
                          f"output by up to {diff:.3g}: put {name} through {name}_norm before the dot product")
    return passed()


def attention_probe(sub, n_embd, n_head, T, B, seed):
    return seeded_run(sub.QKNormSelfAttention(n_embd, n_head, T), seed, B, T, n_embd)


def qk_normed(params, x, n_head):
    """Attention with q and k RMSNorm-ed as the shape of q_norm.weight says (None if it fits neither)."""
    B, T, C = x.shape
    w_q, w_k = params.get("q_norm.weight"), params.get("k_norm.weight")
    if type(w_q) is not torch.Tensor or type(w_k) is not torch.Tensor or w_q.shape != w_k.shape:
        return None
    q, k, v = split_heads(params, x, n_head)
    if w_q.shape == (C // n_head,):
        q, k = F.rms_norm(q, w_q.shape, w_q, EPS), F.rms_norm(k, w_k.shape, w_k, EPS)
    elif w_q.shape == (C,):
        whole = {"c_attn.weight": params["c_attn.weight"]}
        qf, kf = (x @ whole["c_attn.weight"].T).split(C, dim=2)[:2]
        q, k = (F.rms_norm(t, (C,), w, EPS).view(B, T, n_head, C // n_head).transpose(1, 2)
                for t, w in ((qf, w_q), (kf, w_k)))
    else:
        return None
    return merge_heads(F.scaled_dot_product_attention(q, k, v, is_causal=True), params)


def qknorm_attention_matches(got, n_embd, n_head):
    what = f"QKNormSelfAttention({n_embd}, {n_head})"
    params = got["params"]
    truth = qk_normed(params, got["x"], n_head)
    if truth is None:
        return failed(f"{what}: q_norm.weight and k_norm.weight should both be ({n_embd // n_head},) (per head) or "
                      f"both ({n_embd},) (full width); got {describe(params.get('q_norm.weight'))} and "
                      f"{describe(params.get('k_norm.weight'))}")
    return close(got["out"], truth, f"{what} against causal attention on RMSNorm(q), RMSNorm(k) (eps {EPS})",
                 atol=ATOL, rtol=RTOL)


checks(scaled_probe, invariant_to_the_scale_of_q_and_k, scale=dict(weight=2, n_embd=32, n_head=4, T=10, B=2, seed=121))
checks(attention_probe, qknorm_attention_matches, attention=dict(weight=2, n_embd=32, n_head=4, T=10, B=2, seed=122))
