"""Lecture 1 (micrograd): the hidden checks.

The public checks' machinery on other inputs: other operand values and constants, more
and bigger random expressions, other network sizes and data, other points for the
notebook's gradient. Code that hard-codes the public cases fails here.
"""
from __future__ import annotations

import random


def examples(n: int, nin: int, nout: int, seed: int):
    rng = random.Random(seed)
    xs = [[round(rng.uniform(-2, 2), 3) for _ in range(nin)] for _ in range(n)]
    ys = [rng.choice((-1.0, 1.0)) if nout == 1 else [rng.choice((-1.0, 1.0)) for _ in range(nout)]
          for _ in range(n)]
    return xs, ys
