"""The public checks of lecture2.E01."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import STOI, names, some_names
from grader.checks.lecture2 import (
    NLL_ATOL, generator, judge_counts, judge_dataset, judge_probs, judge_regularised, judge_trained,
    loss_and_grad, name_counts, neural_trigram_loss, ngrams, number, probs, scored, triples,
)
from grader.judge import close, failed, is_number


def nll(P: torch.Tensor, words: list[str], stoi: dict = STOI) -> float:
    return -P[tuple(ngrams(words, P.dim(), stoi).T)].log().mean().item()


@check(weight=2)
def trigram_counts_match(sub):
    return {"N": sub.trigram_counts(names(), STOI)}


trigram_counts_match.judge(lambda got, want: judge_counts(got["N"], want["N"], "N", "'..' + word + '.'"))


@check()
def trigram_probs_match(sub):
    return {"P": sub.trigram_probs(name_counts(3), k=1)}


trigram_probs_match.judge(lambda got, want: judge_probs(got["P"], want["P"], "P", 2))


@check(weight=2)
def trigram_beats_bigram(sub):
    words = names()
    mine = sub.trigram_nll(sub.trigram_probs(sub.trigram_counts(words, STOI), k=1), words, STOI)
    return {"nll": number(sub.trigram_nll(probs(name_counts(3), 1), words, STOI)),
            "yours": number(mine),
            "bigram": nll(probs(name_counts(2), 1), words)}


@trigram_beats_bigram.judge
def _(got, want):
    verdict = close(got["nll"], want["nll"], "trigram_nll", atol=NLL_ATOL, rtol=0) & \
        close(got["yours"], want["yours"], "the loss of your counts -> probs -> nll", atol=NLL_ATOL, rtol=0)
    if is_number(got["yours"]) and not got["yours"] < want["bigram"]:
        verdict = verdict & failed(f"your trigram model's loss {got['yours']:.4f} doesn't beat the "
                                   f"bigram's {want['bigram']:.4f} on the same names")
    return verdict


@check()
def trigram_dataset(sub):
    xs, ys = sub.make_trigram_dataset(some_names(300, 41), STOI)
    return {"xs": xs, "ys": ys}


trigram_dataset.judge(judge_dataset)


@check(weight=2)
def trigram_loss_match(sub):
    xs, ys = triples(some_names(200, 42))
    W = torch.randn((54, 27), generator=generator())
    return {f"reg={reg}": loss_and_grad(lambda W: sub.trigram_loss(W, xs, ys, reg=reg), W)
            for reg in (0.0, 0.01)}


trigram_loss_match.judge(lambda got, want: judge_regularised(got, want, "trigram_loss"))


@check(weight=2)
def trigram_training(sub):
    xs, ys = triples(some_names(300, 43))
    W = sub.train_neural_trigram(xs, ys, g=generator(), steps=10, lr=50.0, reg=0.01)
    return scored(W, lambda W: neural_trigram_loss(W, xs, ys, 0.01), (54, 27))


trigram_training.judge(lambda got, want: judge_trained(got, want, "W"))
