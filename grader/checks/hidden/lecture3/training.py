"""The hidden checks of lecture3.training."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture3 import (
    judge_evaluate, judge_find_lr, judge_sample, judge_train, probe_evaluate, probe_find_lr, probe_sample, probe_train,
)


FIND_LR = dict(seed=151, sizes=(4, 8, 48), n_words=800, steps=60, batch_size=16)


@check(weight=2)
def lr_finder_hidden(sub):
    return probe_find_lr(sub, **FIND_LR)


@lr_finder_hidden.judge
def _(got, want):
    return judge_find_lr(got, want, FIND_LR["steps"])


TRAIN = dict(seed=152, sizes=(4, 8, 48), n_words=800, steps=150, lr=0.05, batch_size=16)


@check(weight=2)
def minibatch_hidden(sub):
    return probe_train(sub, **TRAIN)


@minibatch_hidden.judge
def _(got, want):
    return judge_train(got, want, TRAIN["steps"], TRAIN["seed"], TRAIN["sizes"], TRAIN["n_words"])


EVALUATE = dict(seed=153, sizes=(2, 5, 40), n_words=2000)


@check()
def evaluate_hidden(sub):
    return probe_evaluate(sub, **EVALUATE)


@evaluate_hidden.judge
def _(got, want):
    return judge_evaluate(got, **EVALUATE)


SAMPLE = dict(seed=154, sizes=(4, 8, 48), gen_seed=777, n=12)


@check()
def sampling_hidden(sub):
    return probe_sample(sub, **SAMPLE)


sampling_hidden.judge(judge_sample)
