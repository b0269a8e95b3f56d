"""Lecture 1, part 1: micrograd's engine, a scalar that knows its own gradient.

A ``Value`` wraps one float. Every operation on Values makes a new Value that remembers
its inputs (``_prev``), the operation (``_op``) and a ``_backward`` closure that pushes
the output's gradient into the inputs' gradients by the chain rule. ``backward()`` on
the final Value orders the whole graph topologically and runs those closures from the
output back to the leaves. A Value used twice (``a + a``, ``b * b``, or in two places of
an expression) receives the sum of both contributions, so every ``_backward`` adds
(``+=``) and never assigns.

You write the operations and ``backward()``; the constructor and ``__repr__`` are given.
"""
import math


class Value:
    """A scalar value and its gradient: ``Value(data, _children=(), _op='', label='')``.

    ``data`` is the float, ``grad`` (0.0 until ``backward()`` runs) is d(output)/d(this),
    ``_prev`` the set of Values it was computed from, ``_op`` a short name of the
    operation that made it ('+', '*', 'tanh', ...), ``_backward`` the function that
    propagates ``grad`` to ``_prev`` (a no-op for leaves), ``label`` a name for drawing.
    """

    def __init__(self, data, _children=(), _op='', label=''):
        self.data = data
        self.grad = 0.0
        self._backward = lambda: None
        self._prev = set(_children)
        self._op = _op
        self.label = label

    def __repr__(self):
        return f"Value(data={self.data}, grad={self.grad})"

    def __add__(self, other):
        """``self + other``; ``other`` is a Value or a plain number (wrap it in a Value)."""
        raise NotImplementedError

    def __mul__(self, other):
        """``self * other``; ``other`` is a Value or a plain number."""
        raise NotImplementedError

    def __pow__(self, other):
        """``self ** other`` for a plain int or float exponent (not a Value)."""
        raise NotImplementedError

    def exp(self):
        """``e ** self``."""
        raise NotImplementedError

    def log(self):
        """The natural logarithm of ``self`` (``self.data > 0``); the exercise notebook's NLL needs it."""
        raise NotImplementedError

    def tanh(self):
        """``tanh(self)``; its derivative is ``1 - tanh**2``."""
        raise NotImplementedError

    def relu(self):
        """``max(0, self)``; the gradient is 1 where the output is positive, else 0."""
        raise NotImplementedError

    def backward(self):
        """Fill in ``grad`` of every Value this one was computed from.

        Order the graph topologically (each Value after all the Values it was made
        from), set ``self.grad = 1.0``, then call every node's ``_backward`` in reverse
        order, so that a node passes its gradient on only once all its uses have added
        theirs.
        """
        raise NotImplementedError

    def __neg__(self):
        """``-self``."""
        raise NotImplementedError

    def __radd__(self, other):
        """``other + self`` where ``other`` is a plain number (``2 + v``; also what ``sum()`` needs)."""
        raise NotImplementedError

    def __sub__(self, other):
        """``self - other``."""
        raise NotImplementedError

    def __rsub__(self, other):
        """``other - self`` where ``other`` is a plain number (``1 - v``)."""
        raise NotImplementedError

    def __rmul__(self, other):
        """``other * self`` where ``other`` is a plain number (``2 * v``)."""
        raise NotImplementedError

    def __truediv__(self, other):
        """``self / other``: ``self * other**-1``."""
        raise NotImplementedError

    def __rtruediv__(self, other):
        """``other / self`` where ``other`` is a plain number (``1 / v``)."""
        raise NotImplementedError
