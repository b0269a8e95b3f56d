"""Lecture 3, E02: the loss of a uniform guess, and an initialisation that starts there.

At initialisation the network knows nothing, so the best it can honestly say is that
every next character is equally likely. The lecture's init (plain ``torch.randn``)
instead makes confident, wrong predictions: its first loss is far above the uniform
guess's, and the first thousands of steps only undo that. Scale the parameters so the
first loss is within 0.1 of the uniform one.
"""
import math  # noqa: F401

import torch


def uniform_loss(vocab_size=27):
    """The negative log-likelihood of a uniform prediction over ``vocab_size`` characters, a float.

    For the names' 27 characters, -log(1/27), about 3.2958.
    """
    # BEGIN SOLUTION
    return -math.log(1 / vocab_size)
    # END SOLUTION


def init_params_near_uniform(g, block_size=3, n_embd=10, n_hidden=200, vocab_size=27):
    """``[C, W1, b1, W2, b2]`` in the lecture's shapes (see mlp.init_params), drawn from ``g``,
    whose loss before any training is within 0.1 of ``uniform_loss(vocab_size)``.

    The logits must start near equal: make the output layer's contribution small (and the
    output bias 0). Keep C and W1 random (not constant), or the hidden units can't tell
    contexts apart. float32, with ``requires_grad = True``.
    """
    # BEGIN SOLUTION
    C = torch.randn((vocab_size, n_embd), generator=g)
    W1 = torch.randn((block_size * n_embd, n_hidden), generator=g) * (5 / 3) / (block_size * n_embd) ** 0.5
    b1 = torch.randn(n_hidden, generator=g) * 0.01
    W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.01
    b2 = torch.zeros(vocab_size)
    parameters = [C, W1, b1, W2, b2]
    for p in parameters:
        p.requires_grad = True
    return parameters
    # END SOLUTION
