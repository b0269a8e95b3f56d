"""Lecture 3 (makemore: MLP): the hidden checks.

Other names, sizes, generator seeds, and, for the training exercises, a split whose
seed the learner's code doesn't know: the training words it gets and the dev words it
is scored on both come from that split.
"""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture3 import (
    E01_FLOOR, E01_GOAL, E03_FLOOR, E03_GOAL, detached, judge_dataset, judge_evaluate, judge_find_lr,
    judge_forward, judge_near_uniform, judge_params, judge_sample, judge_train, judge_trained, judge_uniform,
    probe_evaluate, probe_find_lr, probe_forward, probe_near_uniform, probe_sample, probe_train, probe_trained,
    scalar, some_names, split_words,
)
from grader.judge import passed

HIDDEN_SPLIT = 20240917          # the held-out split's seed; never shown to learners


# =========================================================================== lecture3.mlp

@check("lecture3.mlp", weight=2)
def build_other_sizes(sub):
    words = some_names(200, 131)
    out = {}
    for block_size in (1, 5, 8):
        X, Y = sub.build_dataset(words, block_size)
        out[block_size] = {"X": X, "Y": Y}
    return out


@build_other_sizes.judge
def _(got, want):
    verdict = passed()
    for block_size in (1, 5, 8):
        verdict &= judge_dataset(got[block_size], want[block_size], block_size)
    return verdict


@check("lecture3.mlp")
def params_other_sizes(sub):
    ps = sub.init_params(torch.Generator().manual_seed(1234), block_size=4, n_embd=6, n_hidden=50)
    return {"params": detached(ps) if isinstance(ps, list) else str(type(ps)),
            "requires_grad": [bool(getattr(p, "requires_grad", False)) for p in ps] if isinstance(ps, list) else []}


@params_other_sizes.judge
def _(got, want):
    return judge_params(got, want, count=27 * 6 + 24 * 50 + 50 + 50 * 27 + 27)


FORWARD_SIZES = [((5, 8, 64), 141), ((1, 4, 30), 142), ((8, 2, 16), 143)]


@check("lecture3.mlp", weight=2)
def forward_other_sizes(sub):
    return [probe_forward(sub, sizes, seed) for sizes, seed in FORWARD_SIZES]


@forward_other_sizes.judge
def _(got, want):
    verdict = passed()
    for g, (sizes, seed) in zip(got, FORWARD_SIZES):
        verdict &= judge_forward(g["logits"], sizes, seed)
    return verdict


# =========================================================================== lecture3.training

FIND_LR = dict(seed=151, sizes=(4, 8, 48), n_words=800, steps=60, batch_size=16)


@check("lecture3.training", weight=2)
def lr_finder_hidden(sub):
    return probe_find_lr(sub, **FIND_LR)


@lr_finder_hidden.judge
def _(got, want):
    return judge_find_lr(got, want, FIND_LR["steps"])


TRAIN = dict(seed=152, sizes=(4, 8, 48), n_words=800, steps=150, lr=0.05, batch_size=16)


@check("lecture3.training", weight=2)
def minibatch_hidden(sub):
    return probe_train(sub, **TRAIN)


@minibatch_hidden.judge
def _(got, want):
    return judge_train(got, want, TRAIN["steps"], TRAIN["seed"], TRAIN["sizes"], TRAIN["n_words"])


EVALUATE = dict(seed=153, sizes=(2, 5, 40), n_words=2000)


@check("lecture3.training")
def evaluate_hidden(sub):
    return probe_evaluate(sub, **EVALUATE)


@evaluate_hidden.judge
def _(got, want):
    return judge_evaluate(got, **EVALUATE)


SAMPLE = dict(seed=154, sizes=(4, 8, 48), gen_seed=777, n=12)


@check("lecture3.training")
def sampling_hidden(sub):
    return probe_sample(sub, **SAMPLE)


sampling_hidden.judge(judge_sample)


# =========================================================================== lecture3.E01

@check("lecture3.E01", weight=4, reference=False)
def dev_loss_held_out(sub):
    return probe_trained(sub, HIDDEN_SPLIT, 5042)


@dev_loss_held_out.judge
def _(got, want):
    return judge_trained(got, split_words(HIDDEN_SPLIT)[1], E01_GOAL, E01_FLOOR)


# =========================================================================== lecture3.E02

@check("lecture3.E02")
def uniform_other_vocab(sub):
    return {65: {"loss": scalar(sub.uniform_loss(65))}, 10: {"loss": scalar(sub.uniform_loss(10))}}


@uniform_other_vocab.judge
def _(got, want):
    return judge_uniform(got[65], 65) & judge_uniform(got[10], 10)


NEAR_UNIFORM = (99, (4, 8, 100))


@check("lecture3.E02", weight=2)
def near_uniform_other_sizes(sub):
    return probe_near_uniform(sub, *NEAR_UNIFORM)


@near_uniform_other_sizes.judge
def _(got, want):
    return judge_near_uniform(got, NEAR_UNIFORM[1])


# =========================================================================== lecture3.E03

@check("lecture3.E03", weight=4, reference=False)
def direct_dev_loss_held_out(sub):
    return probe_trained(sub, HIDDEN_SPLIT, 7042)


@direct_dev_loss_held_out.judge
def _(got, want):
    return judge_trained(got, split_words(HIDDEN_SPLIT)[1], E03_GOAL, E03_FLOOR, direct=True)
