"""The public checks of lecture7.EX4_rmsnorm: RMSNorm against torch's, computed here from the learner's weight.

The inputs have a mean far from zero, so that a norm which subtracts it (LayerNorm without its
bias) is told apart and named.
"""
from __future__ import annotations

import torch
from torch.nn import functional as F

from grader.checks.lecture7 import ATOL, RTOL, checks, fill, inputs, judge_menu_params, plain
from grader.judge import close, failed


def rmsnorm_probe(sub, dim, shape, seed, eps=None):
    norm = sub.RMSNorm(dim) if eps is None else sub.RMSNorm(dim, eps=eps)
    fill(norm, seed)
    x = (3 * inputs(seed + 1, *shape) + 2).requires_grad_()
    out = norm(x)
    (out * inputs(seed + 2, *shape)).sum().backward()
    return {"params": {k: plain(v) for k, v in norm.named_parameters()}, "x": x.detach(), "out": out.detach(),
            "x_grad": x.grad}


def rmsnorm_matches_torch(got, want, dim, shape, seed, eps=None):
    """Against F.rms_norm (torch.nn.RMSNorm's function) with the learner's own weight."""
    what = f"RMSNorm({dim}{'' if eps is None else f', eps={eps}'})"
    v = judge_menu_params(got, want, what)
    if not v:
        return v
    eps = 1e-6 if eps is None else eps
    x, w = got["x"], got["params"]["weight"]
    truth = F.rms_norm(x, (dim,), w, eps)
    v = close(got["out"], truth, f"{what} against torch.nn.RMSNorm", atol=ATOL, rtol=RTOL)
    if not v and type(got["out"]) is torch.Tensor and got["out"].shape == truth.shape:
        centred = x - x.mean(-1, keepdim=True)
        if torch.allclose(got["out"], F.rms_norm(centred, (dim,), w, eps), atol=ATOL, rtol=RTOL):
            return failed(f"{what}: you subtract the mean first (that is LayerNorm without its bias); RMSNorm "
                          f"only divides by the root mean square: x * rsqrt(mean(x**2) + eps) * weight")
    if not v:
        return v
    return close(got["x_grad"], want["x_grad"], f"{what}: the input's gradient", atol=ATOL, rtol=RTOL)


checks(rmsnorm_probe, rmsnorm_matches_torch, rmsnorm=dict(weight=2, dim=32, shape=(2, 5, 32), seed=81),
       rmsnorm_eps=dict(dim=8, shape=(4, 8), seed=82, eps=1e-2))
