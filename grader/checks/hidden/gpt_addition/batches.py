"""The hidden checks of gpt_addition.batches: other sizes, seeds and held-out sets."""
import random

from grader.checks.gpt_addition import problem

CASES = {
    "batch": [dict(batch_size=12, ndigit=2, seed=1101)],
    "held_out_skipped": [dict(batch_size=64, draws=10, ndigit=2, seed=1103,
                              exclude=[problem(k // 100, "+", k % 100, 2)[:6]
                                       for k in random.Random(1102).sample(range(10**4), 6000)])],
    "random_problems": [dict(seed=1104, ndigit=4)],
}
