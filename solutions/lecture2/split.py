"""Lecture 2, exercise E02: split the names 80/10/10 and evaluate on words not trained on.

A model is only as good as its loss on words it has never seen. You shuffle the names
with a fixed seed, cut them into train, dev and test, fit the counting bigram and
trigram on train only, and compare their losses on all three splits: the trigram's lead
is bigger on train than on dev and test, the first sign of overfitting.
"""
import random

import torch


def split_words(words):
    """Shuffle a copy of ``words`` and cut it 80/10/10: returns ``(train, dev, test)`` lists.

    ``random.seed(42)``, then ``random.shuffle`` of a copy (leave the caller's list as it
    is), then cut at ``n1 = int(0.8 * n)`` and ``n2 = int(0.9 * n)``: train = [:n1],
    dev = [n1:n2], test = [n2:]. All the names give 25626 / 3203 / 3204 words.
    """
    # BEGIN SOLUTION
    words = list(words)
    random.seed(42)
    random.shuffle(words)
    n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
    return words[:n1], words[n1:n2], words[n2:]
    # END SOLUTION


def ngrams(words, stoi, n):
    """Every n-gram of ``words`` as an int64 tensor of shape (m, n), one n-gram per row.

    n = 2 gives bigrams, n = 3 trigrams (any n >= 1 works alike). Each word is padded with
    n - 1 '.' in front and one '.' behind (n = 3: '..' + word + '.'), so it gives
    len(word) + 1 rows, word after word, in order.
    """
    # BEGIN SOLUTION
    rows = []
    for w in words:
        chs = ['.'] * (n - 1) + list(w) + ['.']
        for i in range(len(chs) - n + 1):
            rows.append([stoi[ch] for ch in chs[i:i + n]])
    return torch.tensor(rows, dtype=torch.int64).view(-1, n)
    # END SOLUTION


def evaluate_splits(train, dev, test, stoi, k=1):
    """The losses of the bigram and the trigram counting model, both fitted on ``train``.

    For n = 2 and n = 3: count the n-grams of ``train``, add ``k`` (add-k smoothing),
    normalise over the last character, then take the average negative log-likelihood of
    the n-grams of each split. Returns floats as
    ``{"bigram": {"train": ..., "dev": ..., "test": ...}, "trigram": {...}}``.
    """
    # BEGIN SOLUTION
    V = len(stoi)
    losses = {}
    for name, n in [("bigram", 2), ("trigram", 3)]:
        ix = {split: ngrams(ws, stoi, n) for split, ws in [("train", train), ("dev", dev), ("test", test)]}
        N = torch.zeros((V,) * n, dtype=torch.int32)
        N.index_put_(tuple(ix["train"].T), torch.ones(len(ix["train"]), dtype=torch.int32), accumulate=True)
        P = (N + k).float()
        P /= P.sum(-1, keepdim=True)
        losses[name] = {split: -P[tuple(t.T)].log().mean().item() for split, t in ix.items()}
    return losses
    # END SOLUTION
