"""Lecture 2 (makemore: bigrams): the hidden checks.

The same questions as the public checks, asked with inputs a learner never sees: other
words (a small alphabet too), other smoothing strengths, seeds, step counts and
regularisation, 2-D indices, shifted logits. Code fitted to the public checks' inputs
fails here; code that does what the docstrings say passes both.
"""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture2 import (
    ITOS, STOI, ce_probe, counts, generator, judge_counts, judge_dataset, judge_evaluate,
    judge_loss_grad, judge_losses, judge_names, judge_probs, judge_regularised, judge_split,
    judge_stable, judge_trained, judge_tuning, judge_vocab, loss_and_grad, neural_bigram_loss,
    neural_trigram_loss, ngrams, number, pairs, probs, scored, some_names, split, triples, tuning_probe)
from grader.judge import close, equal, passed

# A vocabulary of six characters: the functions must follow stoi, not assume a..z.
SMALL = ["emma", "bob", "abba", "mo", "e"]
SMALL_STOI = {".": 0, "a": 1, "b": 2, "e": 3, "m": 4, "o": 5}
SMALL_ITOS = {i: ch for ch, i in SMALL_STOI.items()}


# --------------------------------------------------------------------------- lecture2.bigram

@check("lecture2.bigram")
def vocab_other_words(sub):
    stoi, itos = sub.build_vocab(SMALL)
    big_stoi, big_itos = sub.build_vocab(some_names(3000, 101))
    return {"small": {"stoi": stoi, "itos": itos}, "big": {"stoi": big_stoi, "itos": big_itos}}


@vocab_other_words.judge
def _(got, want):
    return judge_vocab(got["small"], want["small"]) & judge_vocab(got["big"], want["big"])


@check("lecture2.bigram", weight=2)
def counts_other_words(sub):
    return {"N": sub.bigram_counts(some_names(1000, 102), STOI), "small": sub.bigram_counts(SMALL, SMALL_STOI)}


@counts_other_words.judge
def _(got, want):
    return judge_counts(got["N"], want["N"], "N", "'.' + word + '.'") & \
        judge_counts(got["small"], want["small"], "N of a 6-character vocabulary", "'.' + word + '.'")


@check("lecture2.bigram", weight=2)
def probs_other_k(sub):
    N = counts(some_names(500, 103), 2)
    return {"P": sub.bigram_probs(N, k=0.5), "P3": sub.bigram_probs(N, k=3)}


@probs_other_k.judge
def _(got, want):
    return judge_probs(got["P"], want["P"], "P (k=0.5)", 1) & judge_probs(got["P3"], want["P3"], "P (k=3)", 1)


@check("lecture2.bigram", weight=2)
def nll_other_words(sub):
    P = probs(counts(some_names(800, 104), 2), 2)
    return {"words": number(sub.nll(P, some_names(300, 105), STOI)),
            "small": number(sub.nll(probs(counts(SMALL, 2, SMALL_STOI), 1), ["bob", "emma"], SMALL_STOI))}


@nll_other_words.judge
def _(got, want):
    return judge_losses(got, want, "nll")


@check("lecture2.bigram", weight=2)
def sampling_other_seed(sub):
    P = probs(counts(some_names(800, 106), 2), 2)
    small = probs(counts(SMALL, 2, SMALL_STOI), 0.5)
    return {"names": sub.sample_names(P, ITOS, 20, generator(42)),
            "small": sub.sample_names(small, SMALL_ITOS, 10, generator(7))}


@sampling_other_seed.judge
def _(got, want):
    return judge_names(got["names"], want["names"], "sample_names") & \
        judge_names(got["small"], want["small"], "sample_names with a 6-character vocabulary")


# --------------------------------------------------------------------------- lecture2.neural

@check("lecture2.neural")
def dataset_other_words(sub):
    xs, ys = sub.make_dataset(some_names(500, 111), STOI)
    return {"xs": xs, "ys": ys}


dataset_other_words.judge(judge_dataset)


@check("lecture2.neural", weight=2)
def loss_other_reg(sub):
    xs, ys = pairs(some_names(150, 112))
    W = 3 * torch.randn((27, 27), generator=generator(7))
    return {f"reg={reg}": loss_and_grad(lambda W: sub.bigram_loss(W, xs, ys, reg=reg), W)
            for reg in (0.0, 0.1)}


loss_other_reg.judge(lambda got, want: judge_regularised(got, want, "bigram_loss"))


@check("lecture2.neural", weight=2)
def training_other(sub):
    xs, ys = pairs(some_names(200, 113))
    W = sub.train_neural_bigram(xs, ys, g=generator(1234), steps=7, lr=20.0, reg=0.05)
    return scored(W, lambda W: neural_bigram_loss(W, xs, ys, 0.05), (27, 27))


training_other.judge(lambda got, want: judge_trained(got, want, "W"))


# --------------------------------------------------------------------------- lecture2.E01

@check("lecture2.E01", weight=2)
def trigram_counts_other(sub):
    return {"N": sub.trigram_counts(some_names(1000, 121), STOI),
            "small": sub.trigram_counts(SMALL, SMALL_STOI)}


@trigram_counts_other.judge
def _(got, want):
    return judge_counts(got["N"], want["N"], "N", "'..' + word + '.'") & \
        judge_counts(got["small"], want["small"], "N of a 6-character vocabulary", "'..' + word + '.'")


@check("lecture2.E01")
def trigram_probs_other_k(sub):
    return {"P": sub.trigram_probs(counts(some_names(1000, 122), 3), k=0.3)}


trigram_probs_other_k.judge(lambda got, want: judge_probs(got["P"], want["P"], "P (k=0.3)", 2))


@check("lecture2.E01", weight=2)
def trigram_nll_other(sub):
    P = probs(counts(some_names(2000, 123), 3), 0.5)
    return {"nll": number(sub.trigram_nll(P, some_names(500, 124), STOI))}


trigram_nll_other.judge(lambda got, want: judge_losses(got, want, "trigram_nll"))


@check("lecture2.E01")
def trigram_dataset_other(sub):
    xs, ys = sub.make_trigram_dataset(some_names(400, 125) + ["a"], STOI)
    return {"xs": xs, "ys": ys}


trigram_dataset_other.judge(judge_dataset)


@check("lecture2.E01", weight=2)
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


# --------------------------------------------------------------------------- lecture2.E02

@check("lecture2.E02", weight=2)
def split_other_lists(sub):
    out = {}
    for n in (10, 57):
        words = some_names(n, 130 + n)
        train, dev, test = sub.split_words(list(words))
        out[f"n={n}"] = {"train": train, "dev": dev, "test": test, "untouched": True,
                         "in_file_order": list(train) == words[:int(0.8 * n)]}
    return out


@split_other_lists.judge
def _(got, want):
    return judge_split(got["n=10"], want["n=10"]) & judge_split(got["n=57"], want["n=57"])


@check("lecture2.E02")
def ngrams_other_n(sub):
    words = some_names(100, 141) + ["a"]
    return {f"n={n}": sub.ngrams(words, STOI, n) for n in (1, 4)}


@ngrams_other_n.judge
def _(got, want):
    verdict = passed()
    for k in want:
        verdict = verdict & equal(got[k], want[k], f"ngrams with {k}")
    return verdict


@check("lecture2.E02", weight=2)
def evaluate_other(sub):
    train, dev, test = split(some_names(4000, 142), seed=7)
    return {"losses": sub.evaluate_splits(train, dev, test, STOI, k=0.5)}


evaluate_other.judge(judge_evaluate)


# --------------------------------------------------------------------------- lecture2.E03

@check("lecture2.E03")
def smoothed_other(sub):
    train, dev, _ = split(some_names(3000, 151), seed=3)
    return {"bigram": number(sub.smoothed_nll(counts(train, 2), ngrams(dev, 2), 0.02)),
            "4-gram": number(sub.smoothed_nll(counts(train, 4), ngrams(dev, 4), 0.7))}


smoothed_other.judge(lambda got, want: judge_losses(got, want, "smoothed_nll", atol=1e-4))


@check("lecture2.E03", weight=3)
def tuning_other(sub):
    # A bigram on 2000 names; test reversed again, so its best k differs from dev's.
    train, dev, test = split(some_names(2500, 152), seed=5)
    ks = [0.05, 0.2, 0.5, 2, 5, 20]
    return {**tuning_probe(sub, counts(train, 2), ngrams(dev, 2), ngrams([w[::-1] for w in test], 2), ks),
            "ks": ks}


tuning_other.judge(judge_tuning)


# --------------------------------------------------------------------------- lecture2.E04

@check("lecture2.E04")
def logits_2d(sub):
    W = torch.randn((27, 27), generator=generator(5))
    xs = torch.randint(0, 27, (4, 6), generator=generator(6))
    return {"logits": sub.bigram_logits(W, xs)}


logits_2d.judge(lambda got, want: close(got["logits"], want["logits"], "bigram_logits of 2-D xs", atol=1e-6))


@check("lecture2.E04")
def gradient_other(sub):
    xs, ys = pairs(some_names(100, 161) + ["aaaa"])
    W = 2 * torch.randn((27, 27), generator=generator(8))
    return loss_and_grad(lambda W: sub.bigram_loss(W, xs, ys, reg=0.1), W)


gradient_other.judge(lambda got, want: judge_loss_grad(got, want, "bigram_loss with reg=0.1"))


# --------------------------------------------------------------------------- lecture2.E05

@check("lecture2.E05")
def manual_other(sub):
    logits = torch.randn((5, 10), generator=generator(11))
    ys = torch.tensor([0, 9, 3, 3, 7])
    return ce_probe(sub.manual_loss, logits, ys)


manual_other.judge(lambda got, want: judge_loss_grad(got, want, "manual_loss on 5 x 10 logits", wrt="logits"))


@check("lecture2.E05", weight=2)
def shifted_logits(sub):
    logits = torch.randn((16, 27), generator=generator(12))
    ys = torch.randint(0, 27, (16,), generator=generator(13))
    return {"up": ce_probe(sub.ce_loss, logits + 1000, ys), "down": ce_probe(sub.ce_loss, logits - 1000, ys)}


@shifted_logits.judge
def _(got, want):
    return judge_stable(got["up"], want["up"], "ce_loss on logits + 1000") & \
        judge_stable(got["down"], want["down"], "ce_loss on logits - 1000")
