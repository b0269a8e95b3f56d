"""The public checks of tokenizer.merge."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import WIKI, merge_cases, merges_replace_the_pair


LECTURE_MERGES = [([5, 6, 6, 7, 9, 1], (6, 7), 99), (list(WIKI.encode("utf-8")), (97, 97), 256),
                  ([97, 97, 97], (97, 97), 256), ([97, 97, 97, 97], (97, 97), 256),
                  ([1, 2, 3], (2, 3), 300), ([1, 2, 3], (3, 1), 300), ([], (1, 2), 256), ([4], (4, 4), 256),
                  ([256, 300, 256, 300, 7], (256, 300), 301)]


@check(weight=2, case=dict(cases=LECTURE_MERGES, reveal=True))
def lecture_examples(sub, cases, reveal):     # reveal: whether the judge may show the answer
    return merge_cases(sub, cases)


lecture_examples.judge(merges_replace_the_pair)
