"""The hidden checks of lecture5.ex2."""

from grader.check import check
from grader.checks.lecture5 import EX2_BUDGET, ex2_probe, judge_one_expression


@check()
def dlogits_other_batch(sub):
    return ex2_probe(sub, 1301, 50, n_hidden=16)


dlogits_other_batch.judge(lambda got, want: judge_one_expression(
    got, want, "dlogits", "dlogits", EX2_BUDGET, "the gradient is softmax(logits) minus the one-hot targets, over n"))
