"""The public checks of lecture6.model."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture6 import judge_count, judge_model, model_probe, plain
from grader.judge import close, failed, passed


def init_probe(sub, vocab_size: int, block_size: int, n_embd: int, n_hidden: int) -> dict:
    torch.manual_seed(42)
    model = sub.build_model(vocab_size, block_size, n_embd, n_hidden)
    params = model.parameters()
    return {"n_params": sum(p.nelement() for p in params),
            "params": [plain(p) for p in params],
            "layers": [type(layer).__name__ for layer in model.layers]}


@check()
def lecture_init(sub):
    return init_probe(sub, 27, 8, 24, 128)


@lecture_init.judge
def _(got, want):
    count = judge_count(got, want, "build_model(27, 8, 24, 128)")
    if not count:
        return count
    if got["layers"] != want["layers"]:
        return failed(f"the layers are {got['layers']}, expected {want['layers']}")
    for i, (g, w) in enumerate(zip(got["params"], want["params"])):
        v = close(g, w, f"parameter {i} after torch.manual_seed(42)", atol=1e-6, rtol=1e-5)
        if not v:
            scaled = type(g) is torch.Tensor and g.shape == w.shape and torch.allclose(g * 0.1, w, atol=1e-6)
            if scaled:
                return failed(f"parameter {i} (shape {tuple(w.shape)}): the last layer's weight should be "
                              f"multiplied by 0.1 after it is made")
            return failed(f"{v.feedback[0]}: build the layers in the lecture's order, each drawing its "
                          f"weights as it is made")
    return passed()


@check(weight=2)
def forward(sub):
    return model_probe(sub, 27, 8, 24, 128, seed=21)


@forward.judge
def _(got, want):
    return judge_model(got, want, "the hierarchical model (27, 8, 24, 128)")
