"""The public checks of tokenizer.regex."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import GPT4_SPLIT_PATTERN, MIXED, SPLITTY, corpus, judge_regex, regex_probe


REGEX_HELD_OUT = SPLITTY + MIXED


@check(weight=2)
def chunk_boundaries(sub):
    return regex_probe(sub.RegexTokenizer(), corpus(41, 15000), 256 + 96, corpus(42, 1500) + REGEX_HELD_OUT)


chunk_boundaries.judge(lambda got, want: judge_regex(
    got, want, corpus(41, 15000), 256 + 96, corpus(42, 1500) + REGEX_HELD_OUT, GPT4_SPLIT_PATTERN, compare=False))


@check(weight=3)
def matches_reference_regex(sub):
    return regex_probe(sub.RegexTokenizer(), corpus(43, 20000), 256 + 128, corpus(44, 3000))


matches_reference_regex.judge(lambda got, want: judge_regex(
    got, want, corpus(43, 20000), 256 + 128, corpus(44, 3000), GPT4_SPLIT_PATTERN))
