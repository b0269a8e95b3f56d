"""The hidden checks of lecture1.gradients: the public ones at other points, on another function."""
from __future__ import annotations

import math


def wavy(x, y, z):
    return math.sin(2 * x * y) + math.cos(z) * x ** 2 - math.exp(0.5 * z)


WAVY = ((wavy, (0.4, -1.1, 0.3), 1e-3), (wavy, (1.5, 0.5, -0.7), 1e-4))

CASES = {
    "analytic": [dict(points=((0.7, 1.3, 2.5), (3.0, 0.2, -0.5), (1.7, 2.2, 0.9)))],
    "numerical": [dict(at=WAVY)],
    "symmetric": [dict(at=WAVY)],
    "softmax_nll": [dict(examples=(([1.5, -0.5, 0.25, 2.0, -1.0, 0.0], 1), ([-2.0, 4.0, 0.5], 1), ([0.3, 0.1], 0)))],
}
