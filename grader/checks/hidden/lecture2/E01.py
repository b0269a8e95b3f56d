"""The hidden checks of lecture2.E01."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.hidden.lecture2 import SMALL, SMALL_STOI
from grader.checks.lecture2 import (
    STOI, counts, generator, judge_counts, judge_dataset, judge_losses, judge_probs, judge_regularised, judge_trained,
    loss_and_grad, neural_trigram_loss, number, probs, scored, some_names, triples,
)


@check(weight=2)
def trigram_counts_other(sub):
    return {"N": sub.trigram_counts(some_names(1000, 121), STOI),
            "small": sub.trigram_counts(SMALL, SMALL_STOI)}


@trigram_counts_other.judge
def _(got, want):
    return judge_counts(got["N"], want["N"], "N", "'..' + word + '.'") & \
        judge_counts(got["small"], want["small"], "N of a 6-character vocabulary", "'..' + word + '.'")


@check()
def trigram_probs_other_k(sub):
    return {"P": sub.trigram_probs(counts(some_names(1000, 122), 3), k=0.3)}


trigram_probs_other_k.judge(lambda got, want: judge_probs(got["P"], want["P"], "P (k=0.3)", 2))


@check(weight=2)
def trigram_nll_other(sub):
    P = probs(counts(some_names(2000, 123), 3), 0.5)
    return {"nll": number(sub.trigram_nll(P, some_names(500, 124), STOI))}


trigram_nll_other.judge(lambda got, want: judge_losses(got, want, "trigram_nll"))


@check()
def trigram_dataset_other(sub):
    xs, ys = sub.make_trigram_dataset(some_names(400, 125) + ["a"], STOI)
    return {"xs": xs, "ys": ys}


trigram_dataset_other.judge(judge_dataset)


@check(weight=2)
def trigram_neural_other(sub):
    xs, ys = triples(some_names(150, 126))
    W = torch.randn((54, 27), generator=generator(9))
    losses = {f"reg={reg}": loss_and_grad(lambda W: sub.trigram_loss(W, xs, ys, reg=reg), W)
              for reg in (0.0, 0.2)}
    W = sub.train_neural_trigram(xs, ys, g=generator(77), steps=6, lr=30.0, reg=0.02)
    return {"losses": losses, "trained": scored(W, lambda W: neural_trigram_loss(W, xs, ys, 0.02), (54, 27))}


@trigram_neural_other.judge
def _(got, want):
    return judge_regularised(got["losses"], want["losses"], "trigram_loss") & \
        judge_trained(got["trained"], want["trained"], "W")
