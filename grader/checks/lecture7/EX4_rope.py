"""The public checks of lecture7.EX4_rope: RoPE judged by what a rotation by position is, in either layout.

``apply_rope`` on seeded vectors: lengths kept, position 0 untouched, q_m . k_n a function of m - n
only, and the rotation itself against the paper's formula in llama's interleaved pairs or in
Hugging Face's rotate-half pairs (whichever the learner chose). The attention module against
causal attention computed here from the learner's weights with q and k rotated; a sequence of
one vector repeated must give the same output at every position (RoPE reaches only q . k, so the
values carry no position): rotating v, or putting the position into x, breaks that.
"""
from __future__ import annotations

import torch
from torch.nn import functional as F

from grader.checks.lecture7 import ATOL, RTOL, checks, inputs, judge_menu_params, merge_heads, seeded_run, split_heads
from grader.judge import close, failed, passed, tensor


def rope(x: torch.Tensor, layout: str, theta: float = 10000.0) -> torch.Tensor:
    """The paper's rotation of x (..., T, hs) by position, with pairs (2i, 2i+1) or (i, i + hs/2)."""
    T, hs = x.shape[-2:]
    angles = torch.outer(torch.arange(T, dtype=torch.float64), theta ** (-torch.arange(0, hs, 2).double() / hs))
    cos, sin = angles.cos(), angles.sin()
    x = x.double()
    if layout == "interleaved":
        a, b = x[..., 0::2], x[..., 1::2]
        return torch.stack((a * cos - b * sin, a * sin + b * cos), dim=-1).flatten(-2).float()
    a, b = x[..., :hs // 2], x[..., hs // 2:]
    return torch.cat((a * cos - b * sin, a * sin + b * cos), dim=-1).float()


LAYOUTS = ("interleaved", "rotate_half")


def rotation_probe(sub, B, n_head, T, head_size, seed):
    """apply_rope on random vectors, and on two vectors (a query, a key) repeated at every position."""
    x = inputs(seed, B, n_head, T, head_size)
    pair = inputs(seed + 1, 2, 1, 1, head_size).expand(2, 1, T, head_size).contiguous()
    return {"x": x, "out": sub.apply_rope(x.clone()), "pair": sub.apply_rope(pair)}


def rotates_by_position(got, B, n_head, T, head_size):
    what = f"apply_rope(x of shape {(B, n_head, T, head_size)})"
    x, out = got["x"], got["out"]
    v = tensor(out, x, what) & tensor(got["pair"], torch.empty(2, 1, T, head_size), what)
    if not v:
        return v
    ratio = out.norm(dim=-1) / x.norm(dim=-1)
    if ((ratio - 1).abs() > 1e-4).any():
        t = int(((ratio - 1).abs() > 1e-4).nonzero()[0, 2])
        return failed(f"{what}: the vector at position {t} changed length (by a factor {float(ratio.flatten()[0]):.4g} "
                      f"somewhere): RoPE rotates each pair of features, which keeps every vector's length")
    if not torch.allclose(out[:, :, 0], x[:, :, 0], atol=ATOL):
        return failed(f"{what}: position 0 changed; its angles are 0 * theta_i = 0, so it stays as it is")
    q, k = got["pair"][0, 0], got["pair"][1, 0]
    dots = q @ k.T                                   # dots[m, n] = q rotated by m . k rotated by n
    if not torch.allclose(dots[1:, 1:], dots[:-1, :-1], atol=1e-4, rtol=1e-4):
        return failed(f"{what}: q_m . k_n is not a function of m - n alone (the same query and key at positions "
                      f"(1, 0) and (2, 1) give {float(dots[1, 0]):.4g} and {float(dots[2, 1]):.4g}): rotate pair i at "
                      f"position m by the angle m * theta_i, the same angles for q and k")
    for layout in LAYOUTS:
        if torch.allclose(out, rope(x, layout), atol=ATOL, rtol=RTOL):
            return passed()
    return close(out, rope(x, "interleaved"), f"{what} against the paper's angles m * 10000**(-2i/head_size) "
                 f"(interleaved pairs; rotate-half pairs are accepted too)", atol=ATOL, rtol=RTOL)


checks(rotation_probe, rotates_by_position, rotation=dict(weight=2, B=2, n_head=3, T=12, head_size=8, seed=71))


def attention_probe(sub, n_embd, n_head, T, B, seed):
    m = sub.RoPESelfAttention(n_embd, n_head, T)
    run = seeded_run(m, seed, B, T, n_embd)
    same = inputs(seed + 2, B, 1, n_embd).expand(B, T, n_embd).contiguous()
    with torch.no_grad():
        run["same"] = m(same)
    return run


def attention(params, x, n_head, layout, rotate_v=False):
    q, k, v = split_heads(params, x, n_head)
    if rotate_v:
        v = rope(v, layout)
    return merge_heads(F.scaled_dot_product_attention(rope(q, layout), rope(k, layout), v, is_causal=True), params)


def rotary_attention_matches(got, want, n_embd, n_head, T, B):
    what = f"RoPESelfAttention({n_embd}, {n_head})"
    v = judge_menu_params(got, want, what)
    if not v:
        return v
    v = tensor(got["out"], torch.empty(B, T, n_embd), what) & tensor(got["same"], torch.empty(B, T, n_embd), what)
    if not v:
        return v
    params, x, out = got["params"], got["x"], got["out"]
    if any(torch.allclose(out, attention(params, x, n_head, layout), atol=ATOL, rtol=RTOL) for layout in LAYOUTS):
        return passed()
    if any(torch.allclose(out, attention(params, x, n_head, layout, rotate_v=True), atol=ATOL, rtol=RTOL)
           for layout in LAYOUTS):
        return failed(f"{what}: v is rotated too: RoPE rotates only q and k (so that q . k sees m - n); the values "
                      f"keep no position")
    same = got["same"]
    if not torch.allclose(same, same[:, :1].expand_as(same), atol=1e-4, rtol=1e-4):
        return failed(f"{what}: one vector repeated at every position gives different outputs at different "
                      f"positions, so the position reaches the values, not just q . k: rotate q and k after c_attn "
                      f"(apply_rope on each), never x or v, and add no position to x")
    return close(out, attention(params, x, n_head, "interleaved"), f"{what} against causal attention with RoPE on "
                 f"q and k", atol=ATOL, rtol=RTOL)


checks(attention_probe, rotary_attention_matches,
       attention=dict(weight=3, n_embd=32, n_head=4, T=12, B=2, seed=72))
