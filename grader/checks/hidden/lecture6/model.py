"""The hidden checks of lecture6.model."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture6 import judge_count, judge_model, model_probe


@check()
def model_block_size_16(sub):
    return model_probe(sub, 11, 16, 6, 10, seed=121, B=12)


@model_block_size_16.judge
def _(got, want):
    return judge_count(got, want, "build_model(11, 16, 6, 10)") & \
        judge_model(got, want, "the model with block_size 16 (four levels)")


@check()
def model_block_size_4(sub):
    return model_probe(sub, 7, 4, 5, 9, seed=122, B=10)


@model_block_size_4.judge
def _(got, want):
    return judge_count(got, want, "build_model(7, 4, 5, 9)") & \
        judge_model(got, want, "the model with block_size 4 (two levels)")


@check()
def lecture_middle_model(sub):
    """The lecture's intermediate hierarchical model: n_embd 10, n_hidden 68 (22397 parameters)."""
    torch.manual_seed(42)
    model = sub.build_model(27, 8, 10, 68)
    return {"n_params": sum(p.nelement() for p in model.parameters())}


@lecture_middle_model.judge
def _(got, want):
    return judge_count(got, want, "build_model(27, 8, 10, 68)")
