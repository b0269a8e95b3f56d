"""Lecture 1, part 2: a neural network library on top of your Value.

A ``Neuron`` computes ``tanh(w · x + b)``; a ``Layer`` is a list of neurons that all see
the same inputs; an ``MLP`` feeds each layer's outputs into the next. All three list
their parameters with ``parameters()`` in one stable order (layer by layer, neuron by
neuron, each neuron's weights then its bias), and ``zero_grad()`` resets every
parameter's gradient to 0 before the next ``backward()``.

This file uses your ``Value`` from engine.py: get lecture1.value right first.
"""
import random

from engine import Value


class Module:
    """What every part of the network has: its parameters, and a way to zero their gradients."""

    def zero_grad(self):
        """Set ``grad = 0.0`` on every Value in ``self.parameters()``."""
        raise NotImplementedError

    def parameters(self):
        return []


class Neuron(Module):
    """``Neuron(nin)``: ``nin`` weights ``w`` and a bias ``b``, each ``Value(random.uniform(-1, 1))``.

    ``neuron(x)`` takes a list of ``nin`` numbers or Values and returns the Value
    ``tanh(sum(wi * xi) + b)``. ``parameters()`` is ``w + [b]``.
    """

    def __init__(self, nin):
        raise NotImplementedError

    def __call__(self, x):
        raise NotImplementedError

    def parameters(self):
        raise NotImplementedError


class Layer(Module):
    """``Layer(nin, nout)``: ``nout`` Neurons of ``nin`` inputs each, in ``self.neurons``.

    ``layer(x)`` returns the list of the neurons' outputs, or the single Value itself
    when ``nout == 1``. ``parameters()`` lists neuron 0's, then neuron 1's, ...
    """

    def __init__(self, nin, nout):
        raise NotImplementedError

    def __call__(self, x):
        raise NotImplementedError

    def parameters(self):
        raise NotImplementedError


class MLP(Module):
    """``MLP(nin, nouts)``: Layers of sizes ``nin -> nouts[0] -> nouts[1] -> ...``, in ``self.layers``.

    ``MLP(3, [4, 4, 1])`` is the lecture's net (41 parameters). ``mlp(x)`` feeds ``x``
    through every layer in turn; ``parameters()`` lists layer 0's, then layer 1's, ...
    """

    def __init__(self, nin, nouts):
        raise NotImplementedError

    def __call__(self, x):
        raise NotImplementedError

    def parameters(self):
        raise NotImplementedError
