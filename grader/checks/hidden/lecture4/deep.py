"""The hidden checks of lecture4.deep."""

from grader.check import check
from grader.checks.lecture4 import (
    GAIN, course_layers, describe_net, diagnostics_probe, generator, judge_diagnostics, judge_net, judge_training,
    training_probe,
)


@check()
def other_network(sub):
    with course_layers(sub):
        C, layers = sub.build_network(27, 4, 8, 40, 4, batchnorm=True, gain=1.0, generator=generator(131))
    return describe_net(C, layers)


other_network.judge(lambda got, want: judge_net(got, want, 1.0))


@check(weight=2)
def training_without_batchnorm(sub):
    return training_probe(sub, 141, steps=4, batch_size=20, lr=0.05, n_hidden=24, n_layers=3, batchnorm=False,
                          n_embd=6, block_size=3)


training_without_batchnorm.judge(judge_training)


@check()
def diagnostics_with_batchnorm(sub):
    return diagnostics_probe(sub, 151, 0.2, n_hidden=40, n_layers=4, batchnorm=True, gain=GAIN)


diagnostics_with_batchnorm.judge(judge_diagnostics)
