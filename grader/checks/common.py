"""Helpers several lectures' checks share: the names dataset, the lecture's split, a call counter."""
from __future__ import annotations

import random
from functools import lru_cache

from torch.overrides import TorchFunctionMode

from grader.data import read_text

SEED = 2147483647                                   # the lectures' generator seed
STOI = {ch: i for i, ch in enumerate(".abcdefghijklmnopqrstuvwxyz")}
ITOS = {i: ch for ch, i in STOI.items()}


@lru_cache(maxsize=None)
def _names() -> tuple[str, ...]:
    return tuple(read_text("names").splitlines())


def names() -> list[str]:
    """All 32,033 names, a fresh list each time (a learner's function may modify it)."""
    return list(_names())


def some_names(n: int, seed) -> list[str]:
    """``n`` names picked by a private RNG: the same for learner and reference, whatever else ran."""
    return random.Random(seed).sample(_names(), n)


def split(words: list[str], seed: int = 42) -> tuple[list[str], list[str], list[str]]:
    """The lectures' 80/10/10 split (``random.seed(42); random.shuffle(words)``), with a private RNG."""
    words = list(words)
    random.Random(seed).shuffle(words)
    n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
    return words[:n1], words[n1:n2], words[n2:]


class CountCalls(TorchFunctionMode):
    """Counts the torch calls (functions, tensor methods and operators) made while it is on."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.count += 1
        return func(*args, **(kwargs or {}))
