"""The public checks of gpt2.init: the learner's GPT as its constructor initialises it, at a size
where every tensor has thousands of values, so that the judge reads each tensor's standard
deviation to a few percent (and tells 0.02 from 0.02 * (2 * n_layer)**-0.5 at any depth)."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.gpt2 import weights
from grader.judge import failed, passed

INIT = dict(block_size=64, vocab_size=512, n_layer=4, n_head=4, n_embd=128)
RESIDUAL = ("attn.c_proj.weight", "mlp.c_proj.weight")


@check(weight=2, case=dict(cfg=INIT))
def initialised(sub, cfg):
    return {"state": weights(sub.GPT(sub.GPTConfig(**cfg)).state_dict())}


def expected_init(name: str, n_layer: int) -> tuple[str, float]:
    """("normal", std) or ("constant", value) for a parameter of GPT-2, by its name."""
    if name.endswith(RESIDUAL):
        return "normal", 0.02 * (2 * n_layer) ** -0.5
    if name.endswith("weight") and not (".ln_" in name or "ln_f" in name):
        return "normal", 0.02
    return "constant", 1.0 if name.endswith("weight") else 0.0


@initialised.judge
def gpt2_init(got, cfg):
    for name, p in got["state"].items():
        kind, value = expected_init(name, cfg["n_layer"])
        if kind == "constant":
            if not torch.all(p == value):
                what = "a LayerNorm's weight" if value == 1.0 else ("a LayerNorm's bias" if ".ln_" in name or
                                                                     "ln_f" in name else "a Linear bias")
                return failed(f"{name} should start at {value:g} everywhere ({what}); it holds values from "
                              f"{float(p.min()):.3g} to {float(p.max()):.3g}")
            continue
        std, mean = float(p.std()), float(p.mean())
        if abs(std / value - 1) > 0.1 or abs(mean) > 0.1 * value:
            hint = ""
            if name.endswith(RESIDUAL) and abs(std / 0.02 - 1) < 0.1:
                hint = (f": a residual projection's std is 0.02 * (2 * n_layer)**-0.5 = {value:.4g} "
                        f"(mark it with NANOGPT_SCALE_INIT)")
            return failed(f"{name} has std {std:.4g} (mean {mean:.2g}); GPT-2's init draws it from N(0, "
                          f"{value:.4g}²){hint}")
    return passed()
