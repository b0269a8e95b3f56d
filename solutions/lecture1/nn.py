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
        # BEGIN SOLUTION
        for p in self.parameters():
            p.grad = 0.0
        # END SOLUTION

    def parameters(self):
        return []


class Neuron(Module):
    """``Neuron(nin)``: ``nin`` weights ``w`` and a bias ``b``, each ``Value(random.uniform(-1, 1))``.

    ``neuron(x)`` takes a list of ``nin`` numbers or Values and returns the Value
    ``tanh(sum(wi * xi) + b)``. ``parameters()`` is ``w + [b]``.
    """

    def __init__(self, nin):
        # BEGIN SOLUTION
        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]
        self.b = Value(random.uniform(-1, 1))
        # END SOLUTION

    def __call__(self, x):
        # BEGIN SOLUTION
        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)
        return act.tanh()
        # END SOLUTION

    def parameters(self):
        # BEGIN SOLUTION
        return self.w + [self.b]
        # END SOLUTION


class Layer(Module):
    """``Layer(nin, nout)``: ``nout`` Neurons of ``nin`` inputs each, in ``self.neurons``.

    ``layer(x)`` returns the list of the neurons' outputs, or the single Value itself
    when ``nout == 1``. ``parameters()`` lists neuron 0's, then neuron 1's, ...
    """

    def __init__(self, nin, nout):
        # BEGIN SOLUTION
        self.neurons = [Neuron(nin) for _ in range(nout)]
        # END SOLUTION

    def __call__(self, x):
        # BEGIN SOLUTION
        outs = [n(x) for n in self.neurons]
        return outs[0] if len(outs) == 1 else outs
        # END SOLUTION

    def parameters(self):
        # BEGIN SOLUTION
        return [p for n in self.neurons for p in n.parameters()]
        # END SOLUTION


class MLP(Module):
    """``MLP(nin, nouts)``: Layers of sizes ``nin -> nouts[0] -> nouts[1] -> ...``, in ``self.layers``.

    ``MLP(3, [4, 4, 1])`` is the lecture's net (41 parameters). ``mlp(x)`` feeds ``x``
    through every layer in turn; ``parameters()`` lists layer 0's, then layer 1's, ...
    """

    def __init__(self, nin, nouts):
        # BEGIN SOLUTION
        sz = [nin] + nouts
        self.layers = [Layer(sz[i], sz[i + 1]) for i in range(len(nouts))]
        # END SOLUTION

    def __call__(self, x):
        # BEGIN SOLUTION
        for layer in self.layers:
            x = layer(x)
        return x
        # END SOLUTION

    def parameters(self):
        # BEGIN SOLUTION
        return [p for layer in self.layers for p in layer.parameters()]
        # END SOLUTION
