"""The public checks of tokenizer.regex."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import (
    GPT2_SPLIT_PATTERN, GPT4_SPLIT_PATTERN, MIXED, SPLITTY, chunks_respected, judge_compression,
    merges_equal_the_reference_within_chunks, merges_of, numbers, regex_probe, text_of, trained,
)

# texts are as text_of reads them: (seed, n) is n characters of tinyshakespeare; pattern None is the default,
# GPT-4's. Numbers and runs of spaces are where the split changes the ids most.


@check(weight=2, case=dict(pattern=None, train=[(41, 15000), numbers(1, 150)], vocab_size=256 + 96,
                           held_out=[(42, 1500), SPLITTY, MIXED, numbers(2, 10)]))
def chunk_boundaries(sub, pattern, train, vocab_size, held_out):
    return regex_probe(sub, pattern, train, vocab_size, held_out)


chunk_boundaries.judge(chunks_respected)


@check(weight=3, case=dict(pattern=None, train=(43, 20000), vocab_size=256 + 128, held_out=(44, 3000)))
def matches_reference_regex(sub, pattern, train, vocab_size, held_out):
    return regex_probe(sub, pattern, train, vocab_size, held_out)


matches_reference_regex.judge(merges_equal_the_reference_within_chunks)


@check(case=dict(pattern=GPT2_SPLIT_PATTERN, train=[(45, 8000), numbers(3, 50)], vocab_size=256 + 48,
                 held_out=[(46, 1000), SPLITTY]))
def given_pattern(sub, pattern, train, vocab_size, held_out):
    return regex_probe(sub, pattern, train, vocab_size, held_out)


given_pattern.judge(merges_equal_the_reference_within_chunks)


@check(case=dict(train=(47, 10000), vocab_size=400, held_out=(48, 5000)))
def compresses_shakespeare_regex(sub, train, vocab_size, held_out):     # held_out: the judge's
    return {"merges": merges_of(trained(sub.RegexTokenizer, text_of(train), vocab_size))}


@compresses_shakespeare_regex.judge
def compresses_like_the_reference_within_chunks(got, want, vocab_size, held_out):
    return judge_compression(got["merges"], want["merges"], vocab_size, text_of(held_out), GPT4_SPLIT_PATTERN)
