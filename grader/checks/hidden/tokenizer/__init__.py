"""The tokenizer lecture: the hidden checks.

The public checks' questions, as ``CASES``, on inputs a learner never sees: random id lists
with long runs, other Shakespeare slices and vocabulary sizes, texts full of emoji, combining
marks and control characters, the GPT-2 split pattern on them, special tokens that are regex
syntax ("[SEP]"), and .model files of merges of newlines and spaces.
"""
from __future__ import annotations

import random

from grader.checks.tokenizer import MIXED


def random_ids(rng: random.Random, n: int, alphabet: list[int]) -> list[int]:
    """Ids with long runs (so pairs overlap) as well as mixed stretches."""
    out: list[int] = []
    while len(out) < n:
        out += [rng.choice(alphabet)] * (rng.randrange(1, 6) if rng.random() < 0.3 else 1)
    return out[:n]


HIDDEN_TEXTS = ["aaaaaaa", "\x00\x01\x7f control", "🏳️‍🌈 and 👩‍👩‍👧", "e\u0301 combining", "ab" * 50,
                "   leading and trailing   ", "1234567890" * 3, MIXED[::-1]]
