"""The public checks of tokenizer.save_load."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import GPT4_SPLIT_PATTERN, SPECIALS, save_load_probe, saved_and_loaded, saved_merges


# what is saved: the grader's merges of ``text``, a pattern ("" for none) and special tokens
@check(weight=2, case=dict(tokenizers=[
    dict(text=(61, 4000), merges=48, pattern=GPT4_SPLIT_PATTERN, specials=SPECIALS, prefix="shakespeare"),
    dict(text=(62, 1500), merges=16, pattern="", specials={}, prefix="basic")]))
def round_trip(sub, tokenizers):
    return [save_load_probe(sub, saved_merges(t), t["pattern"], t["specials"], t["prefix"]) for t in tokenizers]


round_trip.judge(saved_and_loaded)
