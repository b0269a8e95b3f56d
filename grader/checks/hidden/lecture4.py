"""Lecture 4: the hidden checks. Same judges as the public ones, other inputs.

Other sizes, seeds, eps and momentum (so constants copied from the lecture or
hard-coded public cases fail), a batch of five (where n and n - 1 differ by 25%), a
network ending in a BatchNorm like the lecture's, and training without BatchNorm.
"""
import torch

from grader.check import check
from grader.checks.lecture4 import (GAIN, bn_eval_probe, bn_training_probe, course_layers, describe_net,
                                    diagnostics_probe, fold_probe, generator, judge_bn_eval, judge_bn_training,
                                    judge_diagnostics, judge_fold, judge_linear, judge_net, judge_training,
                                    judge_zero_init, linear_probe, training_probe, zero_init_probe)

# =========================================================================== lecture4.layers


@check("lecture4.layers")
def linear_other_sizes(sub):
    return linear_probe(sub, 7, 13, 5, 101)


linear_other_sizes.judge(judge_linear)


@check("lecture4.layers", weight=2)
def batchnorm_small_batch(sub):
    return bn_training_probe(sub, 5, 7, 111, eps=1e-2, momentum=0.25)


batchnorm_small_batch.judge(judge_bn_training)


@check("lecture4.layers")
def batchnorm_eval_other_eps(sub):
    return bn_eval_probe(sub, 9, 6, 121, eps=0.5, momentum=0.3)


batchnorm_eval_other_eps.judge(judge_bn_eval)


# =========================================================================== lecture4.deep

@check("lecture4.deep")
def other_network(sub):
    with course_layers(sub):
        C, layers = sub.build_network(27, 4, 8, 40, 4, batchnorm=True, gain=1.0, generator=generator(131))
    return describe_net(C, layers)


other_network.judge(lambda got, want: judge_net(got, want, 1.0))


@check("lecture4.deep", weight=2)
def training_without_batchnorm(sub):
    return training_probe(sub, 141, steps=4, batch_size=20, lr=0.05, n_hidden=24, n_layers=3, batchnorm=False,
                          n_embd=6, block_size=3)


training_without_batchnorm.judge(judge_training)


@check("lecture4.deep")
def diagnostics_with_batchnorm(sub):
    return diagnostics_probe(sub, 151, 0.2, n_hidden=40, n_layers=4, batchnorm=True, gain=GAIN)


diagnostics_with_batchnorm.judge(judge_diagnostics)


# =========================================================================== lecture4.E01

@check("lecture4.E01", weight=2)
def zero_init_other_sizes(sub):
    return zero_init_probe(sub, 1000, 200, batch_size=20, lr=0.2, n_embd=6, n_hidden=50, block_size=4,
                           generator=generator(161))


zero_init_other_sizes.judge(judge_zero_init)


# =========================================================================== lecture4.E02

HIDDEN_SPEC = (("linear", 12, 40, True), ("bn", 40, 1e-2), ("tanh",),
               ("linear", 40, 40, True), ("tanh",),
               ("linear", 40, 32, False), ("bn", 32, 1e-5), ("tanh",),
               ("linear", 32, 27, False), ("bn", 27, 1e-3))


@check("lecture4.E02", weight=2)
def folded_lecture_like_net(sub):
    return fold_probe(sub, HIDDEN_SPEC, 171)


folded_lecture_like_net.judge(lambda got, want: judge_fold(got, want, HIDDEN_SPEC, 171))


@check("lecture4.E02")
def folded_lecture_like_net_float64(sub):
    return fold_probe(sub, HIDDEN_SPEC, 172, dtype=torch.float64)


folded_lecture_like_net_float64.judge(lambda got, want: judge_fold(got, want, HIDDEN_SPEC, 172, torch.float64,
                                                                   atol=1e-10))
