"""The public checks of lecture4.deep: the lecture's network, and other sizes, gains and layouts too."""
from __future__ import annotations

from grader.check import check
from grader.checks.common import SEED, attempt, raised
from grader.checks.lecture4 import (
    GAIN, build, course_layers, diagnostics_probe, judge_diagnostics, network_equals_reference, network_probe,
    some_data, training_equals_reference, training_probe,
)
from grader.judge import close, failed, passed


@check(weight=2, case=dict(sizes=(27, 3, 10, 100, 6), batchnorm=True, gain=GAIN, seed=SEED))
def lecture_network(sub, **case):
    return network_probe(sub, **case)


lecture_network.judge(network_equals_reference)


@check(case=dict(sizes=(27, 2, 12, 64, 4), batchnorm=False, gain=2**0.5, seed=3))
def network_without_batchnorm(sub, **case):
    return network_probe(sub, **case)


network_without_batchnorm.judge(network_equals_reference)


@check(case=dict(block_size=2, n_embd=7))
def forward_logits(sub, block_size, n_embd):
    C, layers = build(block_size=block_size, n_embd=n_embd, n_hidden=32, n_layers=4, seed=5)
    X, _ = some_data(20, block_size=block_size)
    with course_layers(sub):
        return {"logits": attempt(sub.forward, C, layers, X[:48])}


@forward_logits.judge
def logits_equal_reference(got, want, block_size, n_embd):
    if raised(got["logits"]):
        return failed(f"forward (block_size {block_size}, n_embd {n_embd}) raised {raised(got['logits'])}: "
                      f"concatenate the embeddings with emb.view(emb.shape[0], -1), not the lecture's 30")
    return close(got["logits"], want["logits"], f"forward(C, layers, X) (block_size {block_size}, n_embd {n_embd})",
                 atol=1e-5, rtol=1e-4)


@check(weight=3, case=dict(seed=7, steps=5, batch_size=24, lr=0.2, net=dict(n_hidden=32, n_layers=4, n_embd=8)))
def training_steps(sub, **case):
    return training_probe(sub, **case)


training_steps.judge(training_equals_reference)

DIAGNOSTICS = ((9, 0.1, dict(n_hidden=48, n_layers=5, batchnorm=False)),        # (seed, lr, net)
               (13, 0.3, dict(n_hidden=32, n_layers=3, block_size=2, n_embd=6)))


@check(weight=2, case=dict(runs=DIAGNOSTICS))
def diagnostics(sub, runs):
    return [diagnostics_probe(sub, seed, lr, net) for seed, lr, net in runs]


@diagnostics.judge
def diagnostics_equal_reference(got, want):
    verdicts = [judge_diagnostics(g, w) for g, w in zip(got, want)]
    return min(verdicts, key=lambda v: v.fraction) if verdicts else passed()
