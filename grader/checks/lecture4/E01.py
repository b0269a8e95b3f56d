"""The public checks of lecture4.E01: other sizes than the lecture's, so that shapes copied from it show here."""
from __future__ import annotations

from grader.check import check
from grader.checks.common import SEED
from grader.checks.lecture4 import zero_init_equals_reference, zero_init_probe


@check(weight=3, case=dict(n_words=1500, steps=300, batch_size=25, lr=0.3, seed=SEED,
                           sizes=dict(block_size=2, n_embd=8, n_hidden=64)))
def zero_init(sub, **case):
    return zero_init_probe(sub, **case)


zero_init.judge(zero_init_equals_reference)
