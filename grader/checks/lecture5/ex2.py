"""The public checks of lecture5.ex2: the lecture's batch of 32, and another."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import SEED
from grader.checks.lecture5 import (
    EX2_BUDGET, EX2_OPS, lecture_batch, no_autograd, one_expression, one_expression_matches, one_expression_probe)


@check(weight=2, case=dict(seed=SEED, batch_size=32, n_hidden=64))
def dlogits_in_one_go(sub, **case):
    params, Xb, Yb, cache, truth = lecture_batch(**case)
    return one_expression_probe(sub, sub.dlogits_ex2, (cache["logits"], Yb), truth["dlogits"])


@check(case=dict(seed=1311, batch_size=13, n_hidden=24))
def dlogits_other_batch(sub, **case):
    return dlogits_in_one_go.probe(sub, **case)


@dlogits_in_one_go.judge
def dlogits_matches_autograd(got, want):
    return one_expression_matches(got, want, "dlogits", EX2_BUDGET,
                                  "the gradient is softmax(logits) minus the one-hot targets, over n = logits.shape[0]")


dlogits_other_batch.judge(dlogits_matches_autograd)
no_autograd("dlogits_ex2")
one_expression("dlogits_ex2", EX2_OPS, "dlogits")
