"""The public checks of lecture4.deep."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture4 import (
    GAIN, build, course_layers, describe_net, diagnostics_probe, generator, judge_diagnostics, judge_net,
    judge_training, some_data, training_probe,
)
from grader.judge import close


@check(weight=2)
def lecture_network(sub):
    with course_layers(sub):
        C, layers = sub.build_network(27, 3, 10, 100, 6, batchnorm=True, gain=GAIN, generator=generator())
    return describe_net(C, layers)


lecture_network.judge(lambda got, want: judge_net(got, want, GAIN))


@check()
def network_without_batchnorm(sub):
    with course_layers(sub):
        C, layers = sub.build_network(27, 3, 10, 64, 4, batchnorm=False, gain=GAIN, generator=generator(3))
    return describe_net(C, layers)


network_without_batchnorm.judge(lambda got, want: judge_net(got, want, GAIN))


@check()
def forward_logits(sub):
    C, layers = build(n_hidden=32, n_layers=4, seed=5)
    X, _ = some_data(20)
    with course_layers(sub):
        logits = sub.forward(C, layers, X[:48])
    return {"logits": logits}


forward_logits.judge(lambda got, want: close(got["logits"], want["logits"], "forward(C, layers, X)", atol=1e-5,
                                             rtol=1e-4))


@check(weight=3)
def training_steps(sub):
    return training_probe(sub, 7, steps=5, batch_size=32, lr=0.1, n_hidden=32, n_layers=4)


training_steps.judge(judge_training)


@check(weight=2)
def diagnostics(sub):
    return diagnostics_probe(sub, 9, 0.1, n_hidden=48, n_layers=5, batchnorm=False)


diagnostics.judge(judge_diagnostics)
