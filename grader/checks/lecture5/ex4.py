"""The public checks of lecture5.ex4."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import SEED
from grader.checks.lecture5 import ex4_probe, judge_training, no_autograd


@check(weight=3)
def manual_training_matches_autograd(sub):
    return ex4_probe(sub, SEED, steps=8, batch_size=32, lr=0.1)


manual_training_matches_autograd.judge(judge_training)
no_autograd("train_ex4")
