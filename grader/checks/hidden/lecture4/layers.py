"""The hidden checks of lecture4.layers."""

from grader.check import check
from grader.checks.lecture4 import (
    bn_eval_probe, bn_training_probe, judge_bn_eval, judge_bn_training, judge_linear, linear_probe,
)


@check()
def linear_other_sizes(sub):
    return linear_probe(sub, 7, 13, 5, 101)


linear_other_sizes.judge(judge_linear)


@check(weight=2)
def batchnorm_small_batch(sub):
    return bn_training_probe(sub, 5, 7, 111, eps=1e-2, momentum=0.25)


batchnorm_small_batch.judge(judge_bn_training)


@check()
def batchnorm_eval_other_eps(sub):
    return bn_eval_probe(sub, 9, 6, 121, eps=0.5, momentum=0.3)


batchnorm_eval_other_eps.judge(judge_bn_eval)
