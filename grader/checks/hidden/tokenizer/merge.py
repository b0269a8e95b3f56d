"""The hidden checks of tokenizer.merge: random ids with long runs, the answers never shown."""
import random

from grader.checks.hidden.tokenizer import random_ids

_rng = random.Random(7)
_cases = [(random_ids(_rng, n, alphabet), pair, 1000 + k) for k, (n, alphabet, pair) in enumerate((
    (30, [1, 2], (1, 1)), (200, [1, 2, 3], (2, 2)), (200, [1, 2, 3], (1, 2)), (500, [5, 300, 301], (300, 301)),
    (50, [4, 4, 6], (6, 4)), (7, [8], (8, 8))))]
CASES = {"lecture_examples": [dict(cases=_cases + [([2, 2, 2, 2, 2], (2, 2), 2000), ([3, 1, 2], (3, 1), 2001)],
                                   reveal=False)]}
