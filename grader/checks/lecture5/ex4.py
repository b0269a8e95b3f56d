"""The public checks of lecture5.ex4: the lecture's sizes, and others (batch, block size, widths, steps, lr)."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import SEED
from grader.checks.lecture5 import ex4_probe, no_autograd, training_matches_autograd_twin


@check(weight=3, case=dict(seed=SEED, steps=8, batch_size=32, lr=0.1, block_size=3, n_embd=10, n_hidden=64))
def manual_training_matches_autograd(sub, **case):
    return ex4_probe(sub, **case)


@check(weight=2, case=dict(seed=1511, steps=6, batch_size=14, lr=0.3, block_size=5, n_embd=6, n_hidden=24))
def manual_training_other_sizes(sub, **case):
    return ex4_probe(sub, **case)


manual_training_matches_autograd.judge(training_matches_autograd_twin)
manual_training_other_sizes.judge(training_matches_autograd_twin)
no_autograd("train_ex4")
