"""What several lectures' checks (and the project's tests) share: the names, the lecture's own
code for its data (the split, build_dataset, seeded generators), a guarded call, a call counter."""
from __future__ import annotations

import random
from contextlib import contextmanager
from functools import lru_cache

import torch
from torch.overrides import TorchFunctionMode

from grader.data import read_text

SEED = 2147483647                                   # the lectures' generator seed
STOI = {ch: i for i, ch in enumerate(".abcdefghijklmnopqrstuvwxyz")}
ITOS = {i: ch for ch, i in STOI.items()}
SHAPE_ERRORS = (RuntimeError, IndexError, ValueError)   # what sizes copied from the lecture raise


@lru_cache(maxsize=None)
def _names() -> tuple[str, ...]:
    return tuple(read_text("names").splitlines())


def names() -> list[str]:
    """All 32,033 names, a fresh list each time (a learner's function may modify it)."""
    return list(_names())


def some_names(n: int, seed) -> list[str]:
    """``n`` names picked by a private RNG: the same for learner and reference, whatever else ran."""
    return random.Random(seed).sample(_names(), n)


def generator(seed: int = SEED) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def shuffled(words, seed: int = 42) -> list[str]:
    """``random.seed(seed); random.shuffle(words)`` on a copy, with a private RNG."""
    words = list(words)
    random.Random(seed).shuffle(words)
    return words


def _cut(words) -> tuple[list[str], list[str], list[str]]:
    n1, n2 = int(0.8 * len(words)), int(0.9 * len(words))
    return list(words[:n1]), list(words[n1:n2]), list(words[n2:])


def split(words: list[str], seed: int = 42) -> tuple[list[str], list[str], list[str]]:
    """The lectures' 80/10/10 split (``random.seed(42); random.shuffle(words)``), with a private RNG."""
    return _cut(shuffled(words, seed))


@lru_cache(maxsize=None)
def _shuffled_names(seed: int) -> tuple[str, ...]:
    return tuple(shuffled(_names(), seed))


def split_names(seed: int = 42) -> tuple[list[str], list[str], list[str]]:
    """``split(names(), seed)``, shuffled once per seed (fresh lists each time)."""
    return _cut(_shuffled_names(seed))


def warm() -> None:
    """Called once in the sandbox's zygote, so that no fork recomputes it."""
    _shuffled_names(42)


def build_dataset(words: list[str], block_size: int = 3) -> tuple[torch.Tensor, torch.Tensor]:
    """The lecture's build_dataset: contexts start as [0] * block_size and roll; X (N, block_size), Y (N,)."""
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + ".":
            X.append(context)
            Y.append(STOI[ch])
            context = context[1:] + [STOI[ch]]
    return torch.tensor(X, dtype=torch.int64).view(-1, block_size), torch.tensor(Y, dtype=torch.int64)


def some_data(n_words: int, start: int = 0, block_size: int = 3) -> tuple[torch.Tensor, torch.Tensor]:
    """(X, Y) of ``n_words`` of the lecture's shuffled names (the training split first) from ``start``."""
    return build_dataset(_shuffled_names(42)[start:start + n_words], block_size)


def attempt(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, or ``{"raised": "<error>"}`` where it fails on sizes it was not written for,
    so that a judge can say which sizes broke it (feedback only: a failure earns nothing)."""
    try:
        return fn(*args, **kwargs)
    except NotImplementedError:         # a RuntimeError too: the stub's, which the engine reports itself
        raise
    except SHAPE_ERRORS as e:
        return {"raised": error_line(e)}


def error_line(e: BaseException, limit: int = 300) -> str:
    """``Kind: the message's first line``, cut at ``limit``: an exception of the learner's code as plain
    data, for a judge to quote."""
    lines = str(e).splitlines()
    return f"{type(e).__name__}: {lines[0][:limit] if lines else ''}"


def raised(got) -> str:
    """The error :func:`attempt` caught, or ''."""
    return got["raised"] if type(got) is dict and type(got.get("raised")) is str else ""


@contextmanager
def swapped(sub, **names):
    """Run ``sub`` with the grader's own ``names`` (the lecture's code) in place of the ones it imported
    from the learner's other files, so that a slip there costs points only there."""
    saved = {name: vars(sub)[name] for name in names if name in vars(sub)}
    for name, value in names.items():
        setattr(sub, name, value)
    try:
        yield
    finally:
        for name in names:
            if name in saved:
                setattr(sub, name, saved[name])
            else:
                delattr(sub, name)


class CountCalls(TorchFunctionMode):
    """Counts the torch calls (functions, tensor methods and operators) made while it is on."""

    def __init__(self):
        super().__init__()
        self.count = 0

    def __torch_function__(self, func, types, args=(), kwargs=None):
        self.count += 1
        return func(*args, **(kwargs or {}))
