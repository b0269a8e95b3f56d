"""The hidden checks of gpt_addition.batches."""
from __future__ import annotations

import random

import torch

from grader.check import check
from grader.checks.gpt_addition import judge_batch, judge_exclusion, judge_random, probe_random, problem


@check(weight=3)
def batch_hidden(sub):
    x, y = sub.get_batch(12, 2, torch.Generator().manual_seed(1101))
    return {"x": x, "y": y}


@batch_hidden.judge
def _(got, want):
    return judge_batch(got, 12, 2)


_excluded = random.Random(1102).sample(range(10**4), 6000)
EXCLUDE_2 = [problem(k // 100, "+", k % 100, 2)[:6] for k in _excluded]


@check()
def held_out_skipped_hidden(sub):
    g = torch.Generator().manual_seed(1103)
    return {"x": torch.cat([sub.get_batch(64, 2, g, frozenset(EXCLUDE_2))[0] for _ in range(10)])}


@held_out_skipped_hidden.judge
def _(got, want):
    return judge_exclusion(got, EXCLUDE_2, 2, 10**4)


@check()
def random_problems_hidden(sub):
    return probe_random(sub, 1104, 4)


@random_problems_hidden.judge
def _(got, want):
    return judge_random(got, 4)
