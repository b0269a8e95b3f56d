"""The public checks of gpt_addition.batches."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.gpt_addition import (
    batch_shifted_and_masked, exclude_skipped, graders_format, probe_random, problem, problems_drawn_from_g,
)


@check(weight=3, case=dict(batch_size=16, ndigit=3, seed=101))
def batch(sub, batch_size, ndigit, seed):
    x, y = graders_format(sub).get_batch(batch_size, ndigit, torch.Generator().manual_seed(seed))
    return {"x": x, "y": y}


batch.judge(batch_shifted_and_masked)


@check(case=dict(batch_size=32, draws=20, ndigit=1, seed=102,
                 exclude=[problem(a, "+", b, 1)[:4] for a in range(10) for b in range(10) if (3 * a + b) % 2 == 0]))
def held_out_skipped(sub, batch_size, draws, ndigit, seed, exclude):
    g, get_batch = torch.Generator().manual_seed(seed), graders_format(sub).get_batch
    return {"x": torch.cat([get_batch(batch_size, ndigit, g, exclude=frozenset(exclude))[0] for _ in range(draws)])}


held_out_skipped.judge(exclude_skipped)


@check(case=dict(seed=103, ndigit=3))
def random_problems(sub, seed, ndigit):
    return probe_random(sub, seed, ndigit)


random_problems.judge(problems_drawn_from_g)
