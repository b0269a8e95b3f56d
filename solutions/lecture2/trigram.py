"""Lecture 2, exercise E01: a trigram language model, by counting and as a neural net.

Two characters predict the third. Every word is padded as '..' + word + '.', so the
first letter is predicted from '..' and every word still gives len(word) + 1 examples,
exactly as many as the bigram model: the two losses compare like for like, and the
trigram's must be lower.
"""
import torch
import torch.nn.functional as F


def trigrams(words, stoi):
    """Every trigram of ``words`` as a list of index triples ``(ix1, ix2, ix3)``.

    Each word is read as '..' + word + '.', so "emma" gives the triples of
    '..e', '.em', 'emm', 'mma', 'ma.' (len(word) + 1 trigrams per word).
    """
    # BEGIN SOLUTION
    triples = []
    for w in words:
        chs = ['.', '.'] + list(w) + ['.']
        for ch1, ch2, ch3 in zip(chs, chs[1:], chs[2:]):
            triples.append((stoi[ch1], stoi[ch2], stoi[ch3]))
    return triples
    # END SOLUTION


def trigram_counts(words, stoi):
    """The count tensor ``N``: ``N[ix1, ix2, ix3]`` = how often ``ix3`` follows ``ix1, ix2``.

    Returns an int32 tensor of shape (V, V, V), V = len(stoi) (27 for the names).
    """
    # BEGIN SOLUTION
    ix = torch.tensor(trigrams(words, stoi))
    V = len(stoi)
    N = torch.zeros((V, V, V), dtype=torch.int32)
    N.index_put_((ix[:, 0], ix[:, 1], ix[:, 2]), torch.ones(len(ix), dtype=torch.int32),
                 accumulate=True)
    return N
    # END SOLUTION


def trigram_probs(N, k=1):
    """Probabilities ``P`` from trigram counts with add-k smoothing, float32 like ``N``.

    ``P[ix1, ix2]`` is the distribution of the next character: (N + k) normalised over
    the last dimension, so it sums to 1 for every pair ``ix1, ix2``.
    """
    # BEGIN SOLUTION
    P = (N + k).float()
    P /= P.sum(2, keepdim=True)
    return P
    # END SOLUTION


def trigram_nll(P, words, stoi):
    """The average negative log-likelihood of ``words`` under trigram probabilities ``P``.

    The mean of -log P[ix1, ix2, ix3] over every trigram of every word, as a float.
    """
    # BEGIN SOLUTION
    ix = torch.tensor(trigrams(words, stoi))
    return -P[ix[:, 0], ix[:, 1], ix[:, 2]].log().mean().item()
    # END SOLUTION


def make_trigram_dataset(words, stoi):
    """The training set of trigrams: ``(xs, ys)``, int64 tensors.

    ``xs`` has shape (n, 2): the two characters of context; ``ys`` has shape (n,): the
    index of the character that follows them. Words padded as '..' + word + '.'.
    """
    # BEGIN SOLUTION
    ix = torch.tensor(trigrams(words, stoi))
    return ix[:, :2], ix[:, 2]
    # END SOLUTION


def trigram_loss(W, xs, ys, reg=0.01):
    """The loss of the neural trigram with weights ``W`` (54x27), a scalar tensor.

    The input is the two one-hot vectors of ``xs[:, 0]`` and ``xs[:, 1]`` side by side
    (27 + 27 = 54 numbers); ``logits = xenc @ W``; then exactly as the neural bigram:
    softmax, mean negative log-likelihood of ``ys``, plus ``reg * (W**2).mean()``.
    """
    # BEGIN SOLUTION
    xenc = torch.cat([F.one_hot(xs[:, 0], num_classes=27), F.one_hot(xs[:, 1], num_classes=27)], 1).float()
    logits = xenc @ W
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdim=True)
    return -probs[torch.arange(len(ys)), ys].log().mean() + reg * (W**2).mean()
    # END SOLUTION


def train_neural_trigram(xs, ys, g, steps=100, lr=50.0, reg=0.01):
    """Train the neural trigram by gradient descent; returns the trained ``W`` (54x27).

    ``W = torch.randn((54, 27), generator=g, requires_grad=True)``, then ``steps`` plain
    gradient steps on ``trigram_loss`` as in the lecture (reset the grad, backward,
    ``W.data += -lr * W.grad``).
    """
    # BEGIN SOLUTION
    W = torch.randn((54, 27), generator=g, requires_grad=True)
    for _ in range(steps):
        loss = trigram_loss(W, xs, ys, reg)
        W.grad = None
        loss.backward()
        W.data += -lr * W.grad
    return W
    # END SOLUTION
