"""GPT addition (lecture 7, exercise 2): the hidden checks.

Other problems, sizes and seeds for the data and the solver; for the training
exercises, held-out sets from seeds that never ship to learners. Importing a training
exercise's module registers its seed, so the (shared) training excludes it too.
"""
from __future__ import annotations

from grader.checks.gpt_addition import HELD_OUT_SEEDS


def held_out_seeds(seeds: dict[str, int]) -> dict[str, int]:
    """Register ``seeds`` (tier -> seed) with the held-out sets each tier's training excludes."""
    for _name, _seed in seeds.items():
        if _seed not in HELD_OUT_SEEDS[_name]:
            HELD_OUT_SEEDS[_name].append(_seed)
    return seeds
