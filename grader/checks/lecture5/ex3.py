"""The public checks of lecture5.ex3: the lecture's sizes, and a small batch (where n/(n-1) is far from 1)."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import SEED
from grader.checks.lecture5 import (
    EX3_BUDGET, EX3_OPS, lecture_batch, no_autograd, one_expression, one_expression_matches, one_expression_probe)


@check(weight=2, case=dict(seed=SEED, batch_size=32, n_hidden=64, n_embd=10))
def dhprebn_in_one_go(sub, **case):
    params, Xb, Yb, cache, truth = lecture_batch(**case)
    args = (truth["dhpreact"], params["bngain"], cache["bnvar_inv"], cache["bnraw"])
    return one_expression_probe(sub, sub.dhprebn_ex3, args, truth["dhprebn"])


@check(case=dict(seed=1411, batch_size=6, n_hidden=12, n_embd=4))
def dhprebn_other_sizes(sub, **case):
    return dhprebn_in_one_go.probe(sub, **case)


@dhprebn_in_one_go.judge
def dhprebn_matches_autograd(got, want):
    return one_expression_matches(got, want, "dhprebn", EX3_BUDGET, "write out d(bnraw)/d(hprebn) with the mean and "
                                  "the unbiased variance (Bessel: 1/(n-1), n = dhpreact.shape[0]) depending on "
                                  "every row, then simplify")


dhprebn_other_sizes.judge(dhprebn_matches_autograd)
no_autograd("dhprebn_ex3")
one_expression("dhprebn_ex3", EX3_OPS, "dhprebn")
