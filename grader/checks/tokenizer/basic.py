"""The public checks of tokenizer.basic."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import (
    MIXED, RAW_DECODES, SPLITTY, WIKI, attempt, corpus, is_ids, judge_compression, judge_ids, judge_matches,
    judge_merges, judge_round_trips, judge_vocab, matches_probe, merges_of, outcome, round_trip_probe, trained,
    vocab_of,
)
from grader.judge import equal, passed

WIKI_MERGES = [[97, 97, 256], [256, 97, 257], [257, 98, 258]]


@check(weight=2)
def wikipedia_example(sub):
    tok = trained(sub.BasicTokenizer, WIKI, 259)
    ids = tok.encode(WIKI)
    return {"merges": merges_of(tok), "vocab": vocab_of(tok), "ids": ids,
            "text": attempt(tok.decode, ids) if is_ids(ids) else {"value": None}}


@wikipedia_example.judge
def _(got, want):
    verdict = judge_merges(got["merges"], WIKI_MERGES, WIKI, None, 259)
    if verdict:
        verdict = judge_vocab(got["vocab"], got["merges"])
    text, decoded = outcome(got["text"], "decode(encode('aaabdaaabac'))")
    return verdict & judge_ids(got["ids"], [258, 100, 258, 97, 99], "encode('aaabdaaabac')", reveal=True) & \
        decoded & (equal(text, WIKI, "decode(encode('aaabdaaabac'))") if decoded else passed())


ROUND_TRIPS = ["", "a", "\n", "é", "😀", MIXED, "Hello world!!!  "]


@check(weight=2)
def round_trips(sub):
    tok = trained(sub.BasicTokenizer, corpus(11, 5000), 320)
    return round_trip_probe(tok, ROUND_TRIPS + [corpus(12, 1500)], RAW_DECODES)


round_trips.judge(lambda got, want: judge_round_trips(got, ROUND_TRIPS + [corpus(12, 1500)], RAW_DECODES, 320))


BASIC_HELD_OUT = MIXED + SPLITTY


@check(weight=3)
def matches_reference(sub):
    held_out = corpus(22, 2000) + BASIC_HELD_OUT
    return matches_probe(sub.BasicTokenizer(), corpus(21, 20000), 256 + 96, held_out, lambda t, s: t.encode(s))


matches_reference.judge(lambda got, want: judge_matches(
    got, want, corpus(21, 20000), 256 + 96, corpus(22, 2000) + BASIC_HELD_OUT, None,
    "encode(held-out Shakespeare)"))


@check(weight=2)
def compresses_shakespeare(sub):
    return {"merges": merges_of(trained(sub.BasicTokenizer, corpus(31, 20000), 512))}


compresses_shakespeare.judge(lambda got, want: judge_compression(
    got["merges"], want["merges"], 512, corpus(32, 5000), None))
