"""Lecture 5: the hidden checks. Same judges as the public ones, other sizes and batches.

Batches of 5 and 7 (where Bessel's n/(n-1) is far from 1), a block size of 4, other
widths, another learning rate and more steps, so an answer fitted to the lecture's
32 x 64 shapes or its seed fails.
"""
from grader.check import check
from grader.checks.lecture5 import (EX2_BUDGET, EX3_BUDGET, EX3_HINT, ex1_probe, ex2_probe, ex3_probe, ex4_probe,
                                    judge_every_gradient, judge_one_expression, judge_training)


@check("lecture5.ex1", weight=2)
def every_gradient_small_batch(sub):
    return ex1_probe(sub, 1201, 7, n_embd=5, n_hidden=20, block_size=4)


every_gradient_small_batch.judge(judge_every_gradient)


@check("lecture5.ex2")
def dlogits_other_batch(sub):
    return ex2_probe(sub, 1301, 50, n_hidden=16)


dlogits_other_batch.judge(lambda got, want: judge_one_expression(
    got, want, "dlogits", "dlogits", EX2_BUDGET, "the gradient is softmax(logits) minus the one-hot targets, over n"))


@check("lecture5.ex3")
def dhprebn_small_batch(sub):
    return ex3_probe(sub, 1401, 5, n_hidden=16, n_embd=6)


dhprebn_small_batch.judge(lambda got, want: judge_one_expression(got, want, "dhprebn", "dhprebn", EX3_BUDGET,
                                                                 EX3_HINT))


@check("lecture5.ex4", weight=2)
def manual_training_other_sizes(sub):
    return ex4_probe(sub, 1501, steps=12, batch_size=20, lr=0.2, n_hidden=30, n_embd=8, block_size=4)


manual_training_other_sizes.judge(judge_training)
