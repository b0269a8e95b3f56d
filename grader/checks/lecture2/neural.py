"""The public checks of lecture2.neural."""
from __future__ import annotations

from grader.check import check
from grader.checks.common import SEED, STOI
from grader.checks.lecture2 import judge_regularised, judge_trained, loss_probe, pick, training_probe, xs_ys_match_reference


@check(case=dict(words=None))
def dataset(sub, words):
    return dict(zip(("xs", "ys"), sub.make_dataset(pick(words), dict(STOI))))


dataset.judge(xs_ys_match_reference)


@check(weight=2, case=dict(words=(200, 21), scale=1.0, seed=SEED, regs=(0.0, 0.01)))
def loss_match(sub, words, scale, seed, regs):
    return loss_probe(sub.bigram_loss, 2, words, scale, seed, regs)


@loss_match.judge
def bigram_loss_matches_reference(got, want):
    return judge_regularised(got, want, "bigram_loss")


# not the lecture's steps, lr, reg or seed: each must come from the arguments
@check(weight=2, case=dict(words=(300, 22), seed=22, steps=10, lr=40.0, reg=0.02))
def training(sub, words, seed, steps, lr, reg):
    return training_probe(sub.train_neural_bigram, 2, words, seed, steps, lr, reg)


@training.judge
def trained_W_matches_reference(got, want):
    return judge_trained(got, want, "W")
