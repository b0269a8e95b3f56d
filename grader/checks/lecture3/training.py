"""The public checks of lecture3.training."""
from __future__ import annotations

from grader.check import check
from grader.checks.common import SEED
from grader.checks.lecture3 import (
    judge_evaluate, judge_find_lr, judge_sample, judge_train, probe_evaluate, probe_find_lr, probe_sample,
    probe_train,
)


FIND_LR = dict(seed=51, sizes=(3, 10, 64), n_words=1000, steps=100, batch_size=32)


@check(weight=2)
def lr_finder(sub):
    return probe_find_lr(sub, **FIND_LR)


@lr_finder.judge
def _(got, want):
    return judge_find_lr(got, want, FIND_LR["steps"])


TRAIN = dict(seed=52, sizes=(3, 10, 64), n_words=1000, steps=200, lr=0.1, batch_size=32)


@check(weight=2)
def minibatch(sub):
    return probe_train(sub, **TRAIN)


@minibatch.judge
def _(got, want):
    return judge_train(got, want, TRAIN["steps"], TRAIN["seed"], TRAIN["sizes"], TRAIN["n_words"])


EVALUATE = dict(seed=53, sizes=(3, 10, 64), n_words=3000)


@check()
def evaluate(sub):
    return probe_evaluate(sub, **EVALUATE)


@evaluate.judge
def _(got, want):
    return judge_evaluate(got, **EVALUATE)


SAMPLE = dict(seed=54, sizes=(3, 10, 64), gen_seed=SEED + 10, n=20)


@check()
def sampling(sub):
    return probe_sample(sub, **SAMPLE)


sampling.judge(judge_sample)
