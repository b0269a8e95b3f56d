"""The hidden checks of lecture5.ex3."""

from grader.check import check
from grader.checks.lecture5 import EX3_BUDGET, EX3_HINT, ex3_probe, judge_one_expression


@check()
def dhprebn_small_batch(sub):
    return ex3_probe(sub, 1401, 5, n_hidden=16, n_embd=6)


dhprebn_small_batch.judge(lambda got, want: judge_one_expression(got, want, "dhprebn", "dhprebn", EX3_BUDGET,
                                                                 EX3_HINT))
