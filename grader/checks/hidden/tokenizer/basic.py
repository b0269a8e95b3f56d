"""The hidden checks of tokenizer.basic."""
from __future__ import annotations

from grader.check import check
from grader.checks.hidden.tokenizer import BASIC_HIDDEN_HELD_OUT, HIDDEN_TEXTS
from grader.checks.tokenizer import (
    RAW_DECODES, corpus, judge_matches, judge_round_trips, matches_probe, round_trip_probe, trained,
)


HIDDEN_RAW = [[226, 130], [0xE2, 0x82, 0xAC, 0xF0], [192, 128], [237, 160, 128]]


@check(weight=2)
def round_trips_hidden(sub):
    tok = trained(sub.BasicTokenizer, corpus(111, 4000) + "aaaaaaa" * 20, 300)
    return round_trip_probe(tok, HIDDEN_TEXTS + [corpus(112, 1000)], HIDDEN_RAW + RAW_DECODES[:1])


round_trips_hidden.judge(lambda got, want: judge_round_trips(
    got, HIDDEN_TEXTS + [corpus(112, 1000)], HIDDEN_RAW + RAW_DECODES[:1], 300))


@check(weight=3)
def matches_reference_hidden(sub):
    return matches_probe(sub.BasicTokenizer(), corpus(121, 25000), 256 + 80,
                         corpus(122, 2500) + BASIC_HIDDEN_HELD_OUT, lambda t, s: t.encode(s))


matches_reference_hidden.judge(lambda got, want: judge_matches(
    got, want, corpus(121, 25000), 256 + 80, corpus(122, 2500) + BASIC_HIDDEN_HELD_OUT, None,
    "encode(held-out text)"))
