"""Lecture 4, exercise E01: what happens when every weight and bias starts at zero?

Take the lecture's MLP (embedding ``C``, a tanh hidden layer ``W1, b1``, an output layer
``W2, b2``), set all of ``W1, b1, W2, b2`` to zero and train it. It neither trains
fine nor fails to train: it trains *partially*. Find out which parameters receive a
gradient, and what loss the network gets stuck at, and report both.
"""
import torch
import torch.nn.functional as F

PARAMETER_NAMES = ("C", "W1", "b1", "W2", "b2")


def mlp_loss(params, X, Y):
    """The MLP's cross-entropy loss on contexts ``X`` and targets ``Y`` (given, not graded).

    ``params`` is a dict with the tensors named in PARAMETER_NAMES.
    """
    emb = params["C"][X]
    h = torch.tanh(emb.view(emb.shape[0], -1) @ params["W1"] + params["b1"])
    return F.cross_entropy(h @ params["W2"] + params["b2"], Y)


def train_zero_init(X, Y, steps, batch_size=32, lr=0.1, n_embd=10, n_hidden=200,
                    vocab_size=27, generator=None):
    """Train the MLP from an all-zero init and report what happened.

    Initialise ``C = torch.randn((vocab_size, n_embd), generator=generator)`` (the
    embedding is not a weight or bias: it stays random) and ``W1`` (block_size * n_embd,
    n_hidden), ``b1`` (n_hidden), ``W2`` (n_hidden, vocab_size), ``b2`` (vocab_size) all
    zero, with block_size = ``X.shape[1]``. Train for ``steps`` steps: a minibatch
    ``ix = torch.randint(0, X.shape[0], (batch_size,), generator=generator)``, the loss
    of ``mlp_loss``, grads reset to None, ``backward()``, ``p.data += -lr * p.grad``.

    Returns a dict:
    - ``"params"``: the trained ``{"C": ..., "W1": ..., "b1": ..., "W2": ..., "b2": ...}``;
    - ``"receives_grad"``: the sorted names of the parameters whose gradient was not all
      zero at the first step;
    - ``"loss"``: the final loss on all of ``(X, Y)`` (a float).
    """
    raise NotImplementedError
