"""Lecture 6: makemore part 5, a WaveNet-like hierarchical model.

The MLP of lectures 3 and 4 squashes all ``block_size`` characters into one hidden layer
at once. Here the context is fused slowly, in a tree: pairs of neighbouring characters
first, then pairs of pairs, and so on, like the dilated causal convolutions of WaveNet
(DeepMind, 2016). You build the pieces as small torch.nn-like layers (called on a batch,
with ``parameters()``, each keeping its last output in ``self.out``):

- ``Embedding``: the lookup table ``C`` of lecture 3 as a layer;
- ``FlattenConsecutive(n)``: concatenate each run of ``n`` neighbouring time steps;
- ``Sequential``: a list of layers called one after the other;
- ``BatchNorm1d``: lecture 4's layer, fixed for 3-D input (B, T, C) by reducing over
  dims (0, 1), the bug the lecture finds and fixes;
- ``build_model``: the hierarchical network itself.

``Linear`` and ``Tanh`` are given: they are lecture 4's layers, unchanged.
"""
import math

import torch


class Linear:
    """Given (lecture 4): ``out = x @ weight + bias``, weight ``randn((fan_in, fan_out)) / fan_in**0.5``.

    Works for any number of leading dimensions: a (B, T, fan_in) input gives (B, T, fan_out).
    """

    def __init__(self, fan_in, fan_out, bias=True):
        self.weight = torch.randn((fan_in, fan_out)) / fan_in**0.5  # note: kaiming init
        self.bias = torch.zeros(fan_out) if bias else None

    def __call__(self, x):
        self.out = x @ self.weight
        if self.bias is not None:
            self.out = self.out + self.bias
        return self.out

    def parameters(self):
        return [self.weight] + ([] if self.bias is None else [self.bias])


class Tanh:
    """Given (lecture 4): the tanh non-linearity; no parameters."""

    def __call__(self, x):
        self.out = torch.tanh(x)
        return self.out

    def parameters(self):
        return []


class BatchNorm1d:
    """Batch normalisation of each channel (the last dimension) over the batch.

    ``BatchNorm1d(dim, eps=1e-5, momentum=0.1)`` has, as in lecture 4, parameters
    ``gamma = torch.ones(dim)`` and ``beta = torch.zeros(dim)`` (``parameters()`` returns
    ``[gamma, beta]``), buffers ``running_mean = torch.zeros(dim)`` and
    ``running_var = torch.ones(dim)``, and ``training = True``.

    Forward, for input (B, dim) or (B, T, dim): in training mode the mean and the
    (unbiased, as in the lecture: ``x.var(...)``) variance of each channel over
    **every dimension but the last**: dim 0 for 2-D input, dims (0, 1) for 3-D input,
    with ``keepdim=True``; in eval mode the running buffers instead. Then
    ``xhat = (x - mean) / sqrt(var + eps)`` and ``out = gamma * xhat + beta`` (kept in
    ``self.out``). In training mode, update the buffers under ``torch.no_grad()`` as
    ``running = (1 - momentum) * running + momentum * batch_stat``; each running buffer
    keeps one value per channel (``dim`` of them, whatever its shape).
    """

    def __init__(self, dim, eps=1e-5, momentum=0.1):
        # BEGIN SOLUTION
        self.eps = eps
        self.momentum = momentum
        self.training = True
        # parameters (trained with backprop)
        self.gamma = torch.ones(dim)
        self.beta = torch.zeros(dim)
        # buffers (trained with a running 'momentum update')
        self.running_mean = torch.zeros(dim)
        self.running_var = torch.ones(dim)
        # END SOLUTION

    def __call__(self, x):
        """``x`` (B, dim) or (B, T, dim) -> the same shape; also stored in ``self.out``."""
        # BEGIN SOLUTION
        if self.training:
            dim = 0 if x.ndim == 2 else (0, 1)
            xmean = x.mean(dim, keepdim=True)  # batch mean
            xvar = x.var(dim, keepdim=True)  # batch variance
        else:
            xmean = self.running_mean
            xvar = self.running_var
        xhat = (x - xmean) / torch.sqrt(xvar + self.eps)  # normalize to unit variance
        self.out = self.gamma * xhat + self.beta
        if self.training:
            with torch.no_grad():
                self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * xmean
                self.running_var = (1 - self.momentum) * self.running_var + self.momentum * xvar
        return self.out
        # END SOLUTION

    def parameters(self):
        """``[gamma, beta]`` (the running buffers are not parameters)."""
        # BEGIN SOLUTION
        return [self.gamma, self.beta]
        # END SOLUTION


class Embedding:
    """A lookup table of ``num_embeddings`` vectors of size ``embedding_dim``.

    ``Embedding(num_embeddings, embedding_dim)``: ``weight`` is
    ``torch.randn((num_embeddings, embedding_dim))``. Called on an integer tensor ``IX`` of
    any shape, it returns the rows ``weight[IX]``, of shape ``IX.shape + (embedding_dim,)``
    (kept in ``self.out``). ``parameters()`` returns ``[weight]``.
    """

    def __init__(self, num_embeddings, embedding_dim):
        # BEGIN SOLUTION
        self.weight = torch.randn((num_embeddings, embedding_dim))
        # END SOLUTION

    def __call__(self, IX):
        # BEGIN SOLUTION
        self.out = self.weight[IX]
        return self.out
        # END SOLUTION

    def parameters(self):
        # BEGIN SOLUTION
        return [self.weight]
        # END SOLUTION


class FlattenConsecutive:
    """Concatenate every ``n`` consecutive time steps into one.

    ``FlattenConsecutive(n)`` called on ``x`` of shape (B, T, C) returns (B, T//n, C*n):
    output step ``i`` is the vectors of input steps ``n*i, n*i+1, ..., n*i+n-1``, one after
    the other (``x.view(B, T//n, C*n)`` does exactly this). When only one step is left
    (T//n == 1) that time dimension is squeezed away, giving (B, C*n). The result is kept
    in ``self.out``; there are no parameters (``parameters()`` returns ``[]``).
    """

    def __init__(self, n):
        # BEGIN SOLUTION
        self.n = n
        # END SOLUTION

    def __call__(self, x):
        # BEGIN SOLUTION
        B, T, C = x.shape
        x = x.view(B, T // self.n, C * self.n)
        if x.shape[1] == 1:
            x = x.squeeze(1)
        self.out = x
        return self.out
        # END SOLUTION

    def parameters(self):
        # BEGIN SOLUTION
        return []
        # END SOLUTION


class Sequential:
    """A list of layers applied in order.

    ``Sequential(layers)`` keeps the list as ``self.layers``. Calling it on ``x`` feeds
    ``x`` through every layer, the output of one being the input of the next, and
    returns the last output (also kept in ``self.out``). ``parameters()`` returns the
    parameters of all the layers, stretched out into one list, layer by layer in order.
    """

    def __init__(self, layers):
        # BEGIN SOLUTION
        self.layers = layers
        # END SOLUTION

    def __call__(self, x):
        # BEGIN SOLUTION
        for layer in self.layers:
            x = layer(x)
        self.out = x
        return self.out
        # END SOLUTION

    def parameters(self):
        # BEGIN SOLUTION
        # get parameters of all layers and stretch them out into one list
        return [p for layer in self.layers for p in layer.parameters()]
        # END SOLUTION


def build_model(vocab_size=27, block_size=8, n_embd=24, n_hidden=128):
    """The hierarchical network of the lecture, as a ``Sequential``.

    ``block_size`` is a power of two; the context is fused in ``log2(block_size)``
    levels (3 for the lecture's block_size 8):

        Embedding(vocab_size, n_embd),
        FlattenConsecutive(2), Linear(n_embd * 2, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh(),
        FlattenConsecutive(2), Linear(n_hidden * 2, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh(),
        ... (one such level per factor of 2 in block_size)
        Linear(n_hidden, vocab_size),

    then, under ``torch.no_grad()``, the last layer's weight is multiplied by 0.1 (make
    the first predictions less confident). Build the layers in that order, so that with
    ``torch.manual_seed(42)`` first you get the lecture's initial weights. The lecture's
    sizes give 76579 parameters; a (B, block_size) batch of indices gives (B, vocab_size)
    logits. (Leave ``requires_grad`` as the layers make it; the training code sets it.)
    """
    # BEGIN SOLUTION
    levels = int(math.log2(block_size))
    layers = [Embedding(vocab_size, n_embd)]
    fan_in = n_embd
    for _ in range(levels):
        layers += [FlattenConsecutive(2), Linear(fan_in * 2, n_hidden, bias=False), BatchNorm1d(n_hidden), Tanh()]
        fan_in = n_hidden
    layers.append(Linear(n_hidden, vocab_size))
    model = Sequential(layers)
    with torch.no_grad():
        model.layers[-1].weight *= 0.1  # last layer make less confident
    return model
    # END SOLUTION
