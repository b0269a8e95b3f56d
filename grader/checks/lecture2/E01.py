"""The public checks of lecture2.E01."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import SEED, STOI
from grader.checks.lecture2 import (
    NLL_ATOL, TINY, TINY_STOI, counts_probe, counts_verdict, judge_probs, judge_regularised, judge_trained, loss_probe,
    name_counts, ngrams, number, pick, probs, training_probe, xs_ys_match_reference,
)
from grader.judge import close, failed, is_number, passed


def nll(P: torch.Tensor, words: list[str], stoi: dict = STOI) -> float:
    return -P[tuple(ngrams(words, P.dim(), stoi).T)].log().mean().item()


@check(weight=2, case=dict(vocabs=((None, STOI), (TINY, TINY_STOI))))
def trigram_counts_match(sub, vocabs):
    return counts_probe(sub.trigram_counts, vocabs)


@trigram_counts_match.judge
def trigram_counts_match_reference(got, want, vocabs):
    return counts_verdict(got, want, vocabs, "'..' + word + '.'")


@check(case=dict(words=None, ks=(1, 0.1)))
def trigram_probs_match(sub, words, ks):
    N = name_counts(3, words)
    return [sub.trigram_probs(N.clone(), k=k) for k in ks]


@trigram_probs_match.judge
def trigram_probs_match_reference(got, want, ks):
    verdict = passed()
    for g, w, k in zip(got, want, ks):
        verdict &= judge_probs(g, w, f"P (k={k})", 2)
    return verdict


@check(weight=2, case=dict(words=None, k=1))
def trigram_beats_bigram(sub, words, k):
    words = pick(words)
    mine = sub.trigram_nll(sub.trigram_probs(sub.trigram_counts(list(words), dict(STOI)), k=k), list(words), STOI)
    return {"nll": number(sub.trigram_nll(probs(name_counts(3, words), k), list(words), STOI)),
            "yours": number(mine),
            "bigram": nll(probs(name_counts(2, words), k), words)}


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


@check(weight=2, case=dict(words=(200, 42), scale=1.0, seed=SEED, regs=(0.0, 0.01)))
def trigram_loss_match(sub, words, scale, seed, regs):
    return loss_probe(sub.trigram_loss, 3, words, scale, seed, regs)


@trigram_loss_match.judge
def trigram_loss_matches_reference(got, want):
    return judge_regularised(got, want, "trigram_loss")


# not the lecture's steps, lr, reg or seed: each must come from the arguments
@check(weight=2, case=dict(words=(300, 43), seed=43, steps=10, lr=40.0, reg=0.02))
def trigram_training(sub, words, seed, steps, lr, reg):
    return training_probe(sub.train_neural_trigram, 3, words, seed, steps, lr, reg)


@trigram_training.judge
def trained_trigram_W_matches_reference(got, want):
    return judge_trained(got, want, "W")
