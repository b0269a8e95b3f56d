"""The public checks of lecture7.EX4_swiglu: the hidden width, and w2(silu(w1 x) * w3 x) computed here
from the learner's weights; the gate on the other branch, silu(w3 x) * w1 x, is named."""
from __future__ import annotations

import torch
from torch.nn import functional as F

from grader.checks.lecture7 import ATOL, RTOL, checks, judge_menu_params, seeded_run
from grader.judge import close, failed, passed


def swiglu_probe(sub, dim, multiple_of, B, seed):
    return seeded_run(sub.SwiGLU(dim, multiple_of=multiple_of), seed, B, 3, dim)


def swiglu_matches_formula(got, want, dim, multiple_of):
    what = f"SwiGLU({dim}, multiple_of={multiple_of})"
    v = judge_menu_params(got, want, what)
    if not v:
        return v
    p, x = got["params"], got["x"]
    gate, up = x @ p["w1.weight"].T, x @ p["w3.weight"].T
    truth = (F.silu(gate) * up) @ p["w2.weight"].T
    v = close(got["out"], truth, f"{what}: against w2(silu(w1(x)) * w3(x))", atol=ATOL, rtol=RTOL)
    if not v and torch.allclose(got["out"], (F.silu(up) * gate) @ p["w2.weight"].T, atol=ATOL, rtol=RTOL):
        return failed(f"{what}: the SiLU gates the wrong branch: silu goes on w1(x), and w3(x) is the linear "
                      f"branch it multiplies: w2(silu(w1(x)) * w3(x))")
    return v


checks(swiglu_probe, swiglu_matches_formula, swiglu=dict(weight=2, dim=32, multiple_of=16, B=2, seed=91),
       swiglu_rounding=dict(dim=20, multiple_of=32, B=2, seed=92))


def width_probe(sub, dim, multiple_of):
    return {"shapes": {k: list(v.shape) for k, v in sub.SwiGLU(dim, multiple_of=multiple_of).named_parameters()}}


def hidden_width_rounded_up(got, dim, multiple_of):
    """The width at GPT-2's size (2048 for 768), judged from shapes alone (no forward pass of 768-wide matrices)."""
    hidden = -(-int(2 * 4 * dim / 3) // multiple_of) * multiple_of
    want = {"w1.weight": [hidden, dim], "w2.weight": [dim, hidden], "w3.weight": [hidden, dim]}
    if got["shapes"] != want:
        return failed(f"SwiGLU({dim}, multiple_of={multiple_of}): the parameters are {got['shapes']}, expected "
                      f"{want}: hidden = int(2 * 4 * dim / 3) = {int(8 * dim / 3)}, rounded up to a multiple of "
                      f"{multiple_of}: {hidden}")
    return passed()


checks(width_probe, hidden_width_rounded_up, width_gpt2=dict(dim=768, multiple_of=256))
