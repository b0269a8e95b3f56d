"""Lecture 3, part 2: find a learning rate, train on minibatches, evaluate, sample.

Minibatches make each step cheap: the gradient of 32 random examples points roughly
the right way, and many rough steps beat few exact ones. The learning-rate finder
raises the rate exponentially from 0.001 to 1 over the steps and records the loss at
each, so a plot of loss against exponent shows where training is fastest before it
blows up (the lecture finds 10**-1 = 0.1).

Every function here draws its randomness from the generator ``g`` it is given, in the
order the docstrings say, so the grader can repeat your run exactly. This file uses
your ``forward`` from mlp.py.
"""
import torch
import torch.nn.functional as F

from mlp import forward, itos


def find_lr(parameters, X, Y, g, steps=1000, batch_size=32):
    """The learning-rate finder: returns ``(lrs, losses)``.

    ``lre = torch.linspace(-3, 0, steps)`` and ``lrs = 10**lre``. Step i draws a minibatch
    ``ix = torch.randint(0, X.shape[0], (batch_size,), generator=g)``, computes
    ``loss = F.cross_entropy(forward(parameters, X[ix]), Y[ix])``, resets the gradients
    (``p.grad = None``), backpropagates and updates ``p.data += -lrs[i] * p.grad``.
    ``losses`` is the list of the ``steps`` losses (floats, before each update); the
    parameters are updated in place.
    """
    raise NotImplementedError


def train(parameters, X, Y, g, steps, lr, batch_size=32):
    """Minibatch gradient descent at a fixed ``lr``; returns the list of the ``steps`` losses.

    Each step as in ``find_lr``: minibatch from ``g``, cross-entropy, ``p.grad = None``,
    backward, ``p.data += -lr * p.grad``. The parameters are updated in place.
    """
    raise NotImplementedError


@torch.no_grad()
def evaluate(parameters, X, Y):
    """The loss on a whole split (no minibatch, no gradient), as a float."""
    raise NotImplementedError


@torch.no_grad()
def sample(parameters, g, n=20, block_size=3):
    """``n`` names drawn from the model, each ending in '.', as a list of strings.

    For each name: ``context = [0] * block_size``; repeat: the logits of
    ``torch.tensor([context])``, ``probs = F.softmax(logits, dim=1)``,
    ``ix = torch.multinomial(probs, num_samples=1, generator=g).item()``, roll the context,
    append ``itos[ix]``, and stop after ix == 0 ('.').
    """
    raise NotImplementedError
