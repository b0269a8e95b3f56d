"""The hidden checks of tokenizer.get_stats."""
from __future__ import annotations

import random

from grader.check import check
from grader.checks.hidden.tokenizer import random_ids
from grader.checks.tokenizer import judge_stats, pairs_of, passed


STATS_CASES = [random_ids(random.Random(s), n, alphabet) for s, n, alphabet in
               ((1, 40, [1, 2, 3]), (2, 500, [0, 7, 255, 256, 300]), (3, 2, [9]), (4, 3000, list(range(20))))]


@check(weight=2)
def random_stats(sub):
    out = {}
    for k, ids in enumerate(STATS_CASES):
        before = list(ids)
        out[f"random ids #{k}"] = {"stats": pairs_of(sub.get_stats(ids)), "untouched": ids == before}
    total = {}
    for ids in STATS_CASES:
        total = sub.get_stats(ids, total)
    out["the random ids, summed with counts"] = {"stats": pairs_of(total), "untouched": True}
    return out


@random_stats.judge
def _(got, want):
    verdict = passed()
    for call in want:
        verdict = verdict & judge_stats(got[call], want[call], call)
    return verdict
