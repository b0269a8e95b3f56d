"""Lecture 2, part 2: the bigram model as a neural network.

One linear layer ``W`` (27x27) reads a one-hot character and gives logits ("log
counts"); exp and normalise make them probabilities (a softmax); the loss is the average
negative log-likelihood of the next character plus a small pull of ``W`` towards zero,
the neural version of smoothing. Gradient descent brings the loss down to about the
counting model's.
"""
import torch
import torch.nn.functional as F


def make_dataset(words, stoi):
    """The training set of bigrams: ``(xs, ys)``, two int64 tensors of the same length.

    ``xs[i]`` is the index of a character and ``ys[i]`` of the one after it, over every
    bigram of every word read as '.' + word + '.' (228146 of them for all the names).
    """
    raise NotImplementedError


def bigram_loss(W, xs, ys, reg=0.01):
    """The loss of weights ``W`` (27x27) on the bigrams ``(xs, ys)``, a scalar tensor.

    Forward pass as in the lecture: ``xenc = F.one_hot(xs, num_classes=27).float()``,
    ``logits = xenc @ W``, ``counts = logits.exp()``, ``probs`` = counts normalised per
    row; the loss is the mean of -log probs of the right next characters ``ys``, plus
    ``reg * (W**2).mean()`` (regularisation). It must stay differentiable w.r.t. ``W``.
    """
    raise NotImplementedError


def train_neural_bigram(xs, ys, g, steps=100, lr=50.0, reg=0.01):
    """Train the neural bigram by gradient descent; returns the trained ``W`` (27x27).

    ``W = torch.randn((27, 27), generator=g, requires_grad=True)``, then ``steps`` times:
    the loss of ``bigram_loss``, reset ``W.grad`` to None, ``backward()``, and
    ``W.data += -lr * W.grad``. The lecture: 100 steps with lr 50 on all the names.
    """
    raise NotImplementedError
