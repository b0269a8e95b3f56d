"""The public checks of tokenizer.basic."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import (
    MIXED, RAW_DECODES, SPLITTY, WIKI, attempt, is_ids, judge_compression, judge_ids, judge_merges, judge_vocab,
    merges_of, merges_vocab_and_encoding, outcome, round_trip_probe, round_trips_exact, text_of, trained, vocab_of,
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
def wikipedias_merges_and_ids(got):
    verdict = judge_merges(got["merges"], WIKI_MERGES, WIKI, None, 259)
    if verdict:
        verdict = judge_vocab(got["vocab"], got["merges"])
    text, decoded = outcome(got["text"], "decode(encode('aaabdaaabac'))")
    return verdict & judge_ids(got["ids"], [258, 100, 258, 97, 99], "encode('aaabdaaabac')", reveal=True) & \
        decoded & (equal(text, WIKI, "decode(encode('aaabdaaabac'))") if decoded else passed())


# texts are as text_of reads them: (seed, n) is n characters of tinyshakespeare
@check(weight=2, case=dict(train=[(11, 5000), "aaaaaaa " * 20], vocab_size=320, raw=RAW_DECODES,
                           texts=["", "a", "\n", "é", "😀", MIXED, "Hello world!!!  ", "aaaaa", (12, 1500)]))
def round_trips(sub, train, vocab_size, texts, raw):
    return round_trip_probe(trained(sub.BasicTokenizer, text_of(train), vocab_size), map(text_of, texts), raw)


round_trips.judge(round_trips_exact)


@check(weight=3, case=dict(train=(21, 20000), vocab_size=256 + 96, held_out=[(22, 2000), MIXED, SPLITTY]))
def matches_reference(sub, train, vocab_size, held_out):
    tok = trained(sub.BasicTokenizer, text_of(train), vocab_size)
    return {"merges": merges_of(tok), "vocab": vocab_of(tok), "ids": tok.encode(text_of(held_out))}


matches_reference.judge(merges_vocab_and_encoding)


@check(weight=2, case=dict(train=(31, 20000), vocab_size=512, held_out=(32, 5000)))
def compresses_shakespeare(sub, train, vocab_size, held_out):     # held_out: the judge's
    return {"merges": merges_of(trained(sub.BasicTokenizer, text_of(train), vocab_size))}


@compresses_shakespeare.judge
def compresses_like_the_reference(got, want, vocab_size, held_out):
    return judge_compression(got["merges"], want["merges"], vocab_size, text_of(held_out), None)
