"""The public checks of lecture2.E01."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import SEED, STOI
from grader.checks.lecture2 import (
    NLL_ATOL, TINY, TINY_STOI, counts_match_reference, counts_probe, loss_matches_reference, loss_probe, name_counts,
    ngrams, number, pick, probs, probs_match_reference, probs_probe, trained_W_matches_reference, training_probe,
    xs_ys_match_reference,
)
from grader.judge import close, failed, is_number


def nll(P: torch.Tensor, words: list[str], stoi: dict = STOI) -> float:
    return -P[tuple(ngrams(words, P.dim(), stoi).T)].log().mean().item()


@check(weight=2, case=dict(fn="trigram_counts", n=3, vocabs=((None, STOI), (TINY, TINY_STOI))))
def trigram_counts_match(sub, **case):
    return counts_probe(sub, **case)


@check(case=dict(fn="trigram_probs", n=3, words=None, ks=(1, 0.1)))
def trigram_probs_match(sub, **case):
    return probs_probe(sub, **case)


trigram_counts_match.judge(counts_match_reference)
trigram_probs_match.judge(probs_match_reference)


@check(weight=2, case=dict(words=None, k=1))
def trigram_beats_bigram(sub, words, k):
    ws = pick(words)
    mine = sub.trigram_nll(sub.trigram_probs(sub.trigram_counts(list(ws), dict(STOI)), k=k), list(ws), STOI)
    return {"nll": number(sub.trigram_nll(probs(name_counts(3, words), k), list(ws), STOI)),
            "yours": number(mine),
            "bigram": nll(probs(name_counts(2, words), k), ws)}


@trigram_beats_bigram.judge
def trigram_loss_matches_and_beats_bigram(got, want):
    verdict = close(got["nll"], want["nll"], "trigram_nll", atol=NLL_ATOL, rtol=0) & \
        close(got["yours"], want["yours"], "the loss of your counts -> probs -> nll", atol=NLL_ATOL, rtol=0)
    if is_number(got["yours"]) and not got["yours"] < want["bigram"]:
        verdict = verdict & failed(f"your trigram model's loss {got['yours']:.4f} doesn't beat the "
                                   f"bigram's {want['bigram']:.4f} on the same names")
    return verdict


# with a one-letter word, whose first trigram is ('.', '.', letter)
@check(case=dict(words=(300, 41), extra=("a",)))
def trigram_dataset(sub, words, extra):
    return dict(zip(("xs", "ys"), sub.make_trigram_dataset(pick(words) + list(extra), dict(STOI))))


trigram_dataset.judge(xs_ys_match_reference)


@check(weight=2, case=dict(fn="trigram_loss", n=3, words=(200, 42), scale=1.0, seed=SEED, regs=(0.0, 0.01)))
def trigram_loss_match(sub, **case):
    return loss_probe(sub, **case)


# not the lecture's steps, lr, reg or seed: each must come from the arguments
@check(weight=2, case=dict(fn="train_neural_trigram", n=3, words=(300, 43), seed=43, steps=10, lr=40.0, reg=0.02))
def trigram_training(sub, **case):
    return training_probe(sub, **case)


trigram_loss_match.judge(loss_matches_reference)
trigram_training.judge(trained_W_matches_reference)
