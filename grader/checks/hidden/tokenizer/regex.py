"""The hidden checks of tokenizer.regex."""
from __future__ import annotations

from grader.check import check
from grader.checks.hidden.tokenizer import BASIC_HIDDEN_HELD_OUT
from grader.checks.tokenizer import (
    GPT2_SPLIT_PATTERN, GPT4_SPLIT_PATTERN, MIXED, corpus, judge_compression, judge_regex, merges_of, regex_probe,
    trained,
)


@check(weight=2)
def chunk_boundaries_hidden(sub):
    return regex_probe(sub.RegexTokenizer(), corpus(141, 12000), 256 + 120,
                       corpus(142, 2000) + BASIC_HIDDEN_HELD_OUT)


chunk_boundaries_hidden.judge(lambda got, want: judge_regex(
    got, want, corpus(141, 12000), 256 + 120, corpus(142, 2000) + BASIC_HIDDEN_HELD_OUT,
    GPT4_SPLIT_PATTERN))


@check(weight=2)
def gpt2_pattern(sub):
    return regex_probe(sub.RegexTokenizer(pattern=GPT2_SPLIT_PATTERN), corpus(143, 12000), 256 + 64,
                       corpus(144, 1500) + MIXED + "  you'll see 2024's   numbers!!\n")


gpt2_pattern.judge(lambda got, want: judge_regex(
    got, want, corpus(143, 12000), 256 + 64, corpus(144, 1500) + MIXED + "  you'll see 2024's   numbers!!\n",
    GPT2_SPLIT_PATTERN))


@check(weight=2)
def compresses_shakespeare_regex(sub):
    return {"merges": merges_of(trained(sub.RegexTokenizer, corpus(151, 20000), 512))}


compresses_shakespeare_regex.judge(lambda got, want: judge_compression(
    got["merges"], want["merges"], 512, corpus(152, 10000), GPT4_SPLIT_PATTERN))
