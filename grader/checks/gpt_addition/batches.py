"""The public checks of gpt_addition.batches."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.gpt_addition import judge_batch, judge_exclusion, judge_random, probe_random, problem


@check(weight=3)
def batch(sub):
    x, y = sub.get_batch(16, 3, torch.Generator().manual_seed(101))
    return {"x": x, "y": y}


@batch.judge
def _(got, want):
    return judge_batch(got, 16, 3)


EXCLUDE_1 = [problem(a, "+", b, 1)[:4] for a in range(10) for b in range(10) if (3 * a + b) % 2 == 0]


@check()
def held_out_skipped(sub):
    g = torch.Generator().manual_seed(102)
    return {"x": torch.cat([sub.get_batch(32, 1, g, exclude=frozenset(EXCLUDE_1))[0] for _ in range(20)])}


@held_out_skipped.judge
def _(got, want):
    return judge_exclusion(got, EXCLUDE_1, 1, 100)


@check()
def random_problems(sub):
    return probe_random(sub, 103, 3)


@random_problems.judge
def _(got, want):
    return judge_random(got, 3)
