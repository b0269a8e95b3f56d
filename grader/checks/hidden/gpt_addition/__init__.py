"""GPT addition (lecture 7, exercise 2): the hidden checks.

Other problems, sizes and seeds for the data and the solver; for the training
exercises, held-out sets from seeds that never ship to learners. Importing a training
exercise's module registers its seed, so the (shared) training excludes it too.
"""
from __future__ import annotations

from grader.checks.gpt_addition import HELD_OUT_SEEDS


def held_out_seeds(tier: str, *seeds: int) -> list[dict]:
    """Register ``seeds`` with the held-out sets the tier's training excludes; their cases."""
    HELD_OUT_SEEDS[tier].extend(s for s in seeds if s not in HELD_OUT_SEEDS[tier])
    return [dict(seed=s) for s in seeds]
