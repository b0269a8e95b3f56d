"""The hidden checks of lecture4.E02."""

import torch

from grader.check import check
from grader.checks.lecture4 import fold_probe, judge_fold


HIDDEN_SPEC = (("linear", 12, 40, True), ("bn", 40, 1e-2), ("tanh",),
               ("linear", 40, 40, True), ("tanh",),
               ("linear", 40, 32, False), ("bn", 32, 1e-5), ("tanh",),
               ("linear", 32, 27, False), ("bn", 27, 1e-3))


@check(weight=2)
def folded_lecture_like_net(sub):
    return fold_probe(sub, HIDDEN_SPEC, 171)


folded_lecture_like_net.judge(lambda got, want: judge_fold(got, want, HIDDEN_SPEC, 171))


@check()
def folded_lecture_like_net_float64(sub):
    return fold_probe(sub, HIDDEN_SPEC, 172, dtype=torch.float64)


folded_lecture_like_net_float64.judge(lambda got, want: judge_fold(got, want, HIDDEN_SPEC, 172, torch.float64,
                                                                   atol=1e-10))
