"""The public checks of lecture6.model (built of the course's layers: see course_layers)."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture6 import course_layers, judge_count, judge_model, model_probe, plain
from grader.judge import close, failed, passed

LECTURE = dict(vocab_size=27, block_size=8, n_embd=24, n_hidden=128)


@check(case=LECTURE)
def lecture_init(sub, vocab_size, block_size, n_embd, n_hidden):
    torch.manual_seed(42)
    with course_layers(sub):
        model = sub.build_model(vocab_size, block_size, n_embd, n_hidden)
    params = model.parameters()
    return {"n_params": sum(p.nelement() for p in params), "params": [plain(p) for p in params],
            "layers": [type(layer).__name__ for layer in model.layers]}


@lecture_init.judge
def init_matches_the_lecture(got, want, vocab_size, block_size, n_embd, n_hidden):
    count = judge_count(got, want, f"build_model({vocab_size}, {block_size}, {n_embd}, {n_hidden})")
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


@check(weight=2, case=dict(LECTURE, seed=21, B=32))
def forward(sub, vocab_size, block_size, n_embd, n_hidden, seed, B):
    return model_probe(sub, vocab_size, block_size, n_embd, n_hidden, seed, B)


@check(case=dict(vocab_size=13, block_size=32, n_embd=4, n_hidden=6, seed=22, B=8))
def forward_five_levels(sub, vocab_size, block_size, n_embd, n_hidden, seed, B):
    return model_probe(sub, vocab_size, block_size, n_embd, n_hidden, seed, B)


def model_matches_reference(got, want, vocab_size, block_size, n_embd, n_hidden):
    what = f"build_model({vocab_size}, {block_size}, {n_embd}, {n_hidden})"
    return judge_model(got, want, what) & judge_count(got, want, what)


forward.judge(model_matches_reference)
forward_five_levels.judge(model_matches_reference)
