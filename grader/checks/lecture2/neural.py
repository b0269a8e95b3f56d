"""The public checks of lecture2.neural."""
from __future__ import annotations

from grader.check import check
from grader.checks.common import SEED, STOI
from grader.checks.lecture2 import (
    loss_matches_reference, loss_probe, pick, trained_W_matches_reference, training_probe, xs_ys_match_reference,
)


@check(case=dict(words=None))
def dataset(sub, words):
    return dict(zip(("xs", "ys"), sub.make_dataset(pick(words), dict(STOI))))


@check(weight=2, case=dict(fn="bigram_loss", n=2, words=(200, 21), scale=1.0, seed=SEED, regs=(0.0, 0.01)))
def loss_match(sub, **case):
    return loss_probe(sub, **case)


# not the lecture's steps, lr, reg or seed: each must come from the arguments
@check(weight=2, case=dict(fn="train_neural_bigram", n=2, words=(300, 22), seed=22, steps=10, lr=40.0, reg=0.02))
def training(sub, **case):
    return training_probe(sub, **case)


dataset.judge(xs_ys_match_reference)
loss_match.judge(loss_matches_reference)
training.judge(trained_W_matches_reference)
