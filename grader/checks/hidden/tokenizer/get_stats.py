"""The hidden checks of tokenizer.get_stats: random ids with long runs, counted alone and summed."""
import random

from grader.checks.hidden.tokenizer import random_ids

LISTS = [random_ids(random.Random(s), n, alphabet) for s, n, alphabet in
         ((1, 40, [1, 2, 3]), (2, 500, [0, 7, 255, 256, 300]), (3, 2, [9]), (4, 3000, list(range(20))))]
CASES = {"wikipedia_stats": [dict(lists={f"random ids #{k}": ids for k, ids in enumerate(LISTS)})],
         "accumulates": [dict(parts=LISTS)]}
