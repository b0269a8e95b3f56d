"""Lecture 2, exercise E04: the neural bigram without one-hot vectors.

Multiplying a one-hot vector by ``W`` just picks out one row of ``W``. So
``F.one_hot(xs, num_classes=27).float() @ W`` equals ``W[xs]``: the same logits and the
same gradients, without building a (n, 27) matrix of zeros or doing a matrix multiply.
This is what an embedding table (``nn.Embedding``, lecture 3's ``C[X]``) does.
"""
import torch


def bigram_logits(W, xs):
    """The logits of the neural bigram, by indexing: the rows of ``W`` picked by ``xs``.

    ``W`` is (27, 27), ``xs`` an int64 tensor of any shape; returns a tensor of shape
    ``xs.shape + (27,)`` equal to ``F.one_hot(xs, num_classes=27).float() @ W``, and
    differentiable w.r.t. ``W``, but without calling ``F.one_hot`` or multiplying matrices.
    """
    # BEGIN SOLUTION
    return W[xs]
    # END SOLUTION


def bigram_loss(W, xs, ys, reg=0.01):
    """The neural bigram's loss (as in part 2) with the logits of ``bigram_logits``.

    ``xs``, ``ys`` are 1-D int64 tensors; softmax by exp and normalise, mean negative
    log-likelihood of ``ys``, plus ``reg * (W**2).mean()``; a scalar tensor.
    """
    # BEGIN SOLUTION
    logits = bigram_logits(W, xs)
    counts = logits.exp()
    probs = counts / counts.sum(1, keepdim=True)
    return -probs[torch.arange(len(ys)), ys].log().mean() + reg * (W**2).mean()
    # END SOLUTION
