"""Lecture 1, the exercise notebook: gradients three ways, and a softmax classifier's loss.

Section 1 works on plain floats. ``f(a, b, c)`` below is the notebook's function; you
write its gradient by hand (calculus), then estimate it numerically twice: with the
forward difference the lecture uses, ``(f(x + h) - f(x)) / h``, and with the symmetric
difference ``(f(x + h) - f(x - h)) / (2h)``, which is much closer for the same h.

Section 2 builds a softmax and the negative log-likelihood of a target class out of
your ``Value``s (engine.py: it needs ``exp``, ``log``, ``/`` and ``sum`` over Values), so
``loss.backward()`` gives the gradient of the loss with respect to every logit.
"""
from math import cos, sin  # noqa: F401  (cos is yours to use in gradf)

from engine import Value  # noqa: F401


def f(a, b, c):
    """The notebook's function of three floats (given)."""
    return -a**3 + sin(3*b) - 1.0/c + b**2.5 - a**0.5


def gradf(a, b, c):
    """The analytic gradient of ``f`` at (a, b, c): ``[df/da, df/db, df/dc]`` as floats.

    Differentiate each term by hand (a > 0 and b > 0, so the powers are defined).
    At (2, 3, 4) the notebook's answer is about [-12.3536, 10.2570, 0.0625].
    """
    raise NotImplementedError


def numerical_grad(f, args, h=0.000001):
    """The forward-difference estimate of the gradient of ``f`` at ``args``.

    ``f`` takes ``len(args)`` floats and returns a float; ``args`` is a list of floats.
    Returns a list: entry i is ``(f(args with args[i] + h) - f(args)) / h``.
    """
    raise NotImplementedError


def symmetric_grad(f, args, h=0.000001):
    """The symmetric (central) difference: entry i is ``(f(.. + h ..) - f(.. - h ..)) / (2h)``.

    Same arguments as ``numerical_grad``; its error shrinks like h**2 instead of h.
    """
    raise NotImplementedError


def softmax(logits):
    """The softmax of a list of Values: ``exp(l) / sum(exp(l))`` for each, a list of Values."""
    raise NotImplementedError


def nll(logits, target):
    """The negative log-likelihood of class ``target`` (an int): ``-log(softmax(logits)[target])``.

    Returns a Value; ``nll(logits, target).backward()`` fills every logit's ``grad``
    (the notebook: logits [0, 3, -2, 1], target 3, loss about 2.1755).
    """
    raise NotImplementedError
