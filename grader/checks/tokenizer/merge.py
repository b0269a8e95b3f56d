"""The public checks of tokenizer.merge."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import WIKI, judge_merge_cases, merge_cases


LECTURE_MERGES = [([5, 6, 6, 7, 9, 1], (6, 7), 99), (list(WIKI.encode("utf-8")), (97, 97), 256),
                  ([97, 97, 97], (97, 97), 256), ([97, 97, 97, 97], (97, 97), 256),
                  ([1, 2, 3], (2, 3), 300), ([1, 2, 3], (3, 1), 300), ([], (1, 2), 256), ([4], (4, 4), 256)]


@check(weight=2)
def lecture_examples(sub):
    return merge_cases(sub, LECTURE_MERGES)


lecture_examples.judge(lambda got, want: judge_merge_cases(got, want, LECTURE_MERGES, reveal=True))
