"""The hidden checks of tokenizer.merge."""
from __future__ import annotations

import random

from grader.check import check
from grader.checks.hidden.tokenizer import random_ids
from grader.checks.tokenizer import judge_merge_cases, merge_cases


def _merge_cases() -> list:
    rng = random.Random(7)
    cases = []
    for n, alphabet, pair in ((30, [1, 2], (1, 1)), (200, [1, 2, 3], (2, 2)), (200, [1, 2, 3], (1, 2)),
                              (500, [5, 300, 301], (300, 301)), (50, [4, 4, 6], (6, 4)), (7, [8], (8, 8))):
        cases.append((random_ids(rng, n, alphabet), pair, 1000 + len(cases)))
    cases.append(([2, 2, 2, 2, 2], (2, 2), 2000))
    cases.append(([3, 1, 2], (3, 1), 2001))
    return cases


MERGE_CASES = _merge_cases()


@check(weight=2)
def random_merges(sub):
    return merge_cases(sub, MERGE_CASES)


random_merges.judge(lambda got, want: judge_merge_cases(got, want, MERGE_CASES, reveal=False))
