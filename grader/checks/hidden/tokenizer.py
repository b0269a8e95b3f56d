"""The tokenizer lecture: the hidden checks.

The public checks' questions on inputs a learner never sees: random id lists with long
runs, other Shakespeare slices and vocabulary sizes, texts full of emoji, combining marks
and control characters, the GPT-2 split pattern, special tokens that are regex syntax
("[SEP]"), and a .model file the grader writes itself.
"""
from __future__ import annotations

import random

from grader.check import check
from grader.checks.tokenizer import (
    GPT2_SPLIT_PATTERN, GPT4_SPLIT_PATTERN, MIXED, RAW_DECODES, bpe_train, corpus,
    judge_compression, judge_loaded, judge_matches, judge_merge_cases, judge_regex, judge_round_trips,
    judge_special, judge_stats, merge_cases, matches_probe, merges_of, model_file, pairs_of, passed,
    regex_probe, round_trip_probe, save_load_probe, special_probe, trained, vocab_of)


def random_ids(rng: random.Random, n: int, alphabet: list[int]) -> list[int]:
    """Ids with long runs (so pairs overlap) as well as mixed stretches."""
    out: list[int] = []
    while len(out) < n:
        out += [rng.choice(alphabet)] * (rng.randrange(1, 6) if rng.random() < 0.3 else 1)
    return out[:n]


# --------------------------------------------------------------------------- tokenizer.get_stats

STATS_CASES = [random_ids(random.Random(s), n, alphabet) for s, n, alphabet in
               ((1, 40, [1, 2, 3]), (2, 500, [0, 7, 255, 256, 300]), (3, 2, [9]), (4, 3000, list(range(20))))]


@check("tokenizer.get_stats", weight=2)
def random_stats(sub):
    out = {}
    for k, ids in enumerate(STATS_CASES):
        before = list(ids)
        out[f"random ids #{k}"] = {"stats": pairs_of(sub.get_stats(ids)), "untouched": ids == before}
    total = {}
    for ids in STATS_CASES:
        total = sub.get_stats(ids, total)
    out["the random ids, summed with counts"] = {"stats": pairs_of(total), "untouched": True}
    return out


@random_stats.judge
def _(got, want):
    verdict = passed()
    for call in want:
        verdict = verdict & judge_stats(got[call], want[call], call)
    return verdict


# --------------------------------------------------------------------------- tokenizer.merge

def _merge_cases() -> list:
    rng = random.Random(7)
    cases = []
    for n, alphabet, pair in ((30, [1, 2], (1, 1)), (200, [1, 2, 3], (2, 2)), (200, [1, 2, 3], (1, 2)),
                              (500, [5, 300, 301], (300, 301)), (50, [4, 4, 6], (6, 4)), (7, [8], (8, 8))):
        cases.append((random_ids(rng, n, alphabet), pair, 1000 + len(cases)))
    cases.append(([2, 2, 2, 2, 2], (2, 2), 2000))
    cases.append(([3, 1, 2], (3, 1), 2001))
    return cases


MERGE_CASES = _merge_cases()


@check("tokenizer.merge", weight=2)
def random_merges(sub):
    return merge_cases(sub, MERGE_CASES)


random_merges.judge(lambda got, want: judge_merge_cases(got, want, MERGE_CASES, reveal=False))


# --------------------------------------------------------------------------- tokenizer.basic

HIDDEN_TEXTS = ["aaaaaaa", "\x00\x01\x7f control", "🏳️‍🌈 and 👩‍👩‍👧", "e\u0301 combining", "ab" * 50,
                "   leading and trailing   ", "1234567890" * 3, MIXED[::-1]]
HIDDEN_RAW = [[226, 130], [0xE2, 0x82, 0xAC, 0xF0], [192, 128], [237, 160, 128]]


@check("tokenizer.basic", weight=2)
def round_trips_hidden(sub):
    tok = trained(sub.BasicTokenizer, corpus(111, 4000) + "aaaaaaa" * 20, 300)
    return round_trip_probe(tok, HIDDEN_TEXTS + [corpus(112, 1000)], HIDDEN_RAW + RAW_DECODES[:1])


round_trips_hidden.judge(lambda got, want: judge_round_trips(
    got, HIDDEN_TEXTS + [corpus(112, 1000)], HIDDEN_RAW + RAW_DECODES[:1], 300))


BASIC_HIDDEN_HELD_OUT = "".join(HIDDEN_TEXTS)


@check("tokenizer.basic", weight=3)
def matches_reference_hidden(sub):
    return matches_probe(sub.BasicTokenizer(), corpus(121, 25000), 256 + 80,
                         corpus(122, 2500) + BASIC_HIDDEN_HELD_OUT, lambda t, s: t.encode(s))


matches_reference_hidden.judge(lambda got, want: judge_matches(
    got, want, corpus(121, 25000), 256 + 80, corpus(122, 2500) + BASIC_HIDDEN_HELD_OUT, None,
    "encode(held-out text)"))


# --------------------------------------------------------------------------- tokenizer.regex

@check("tokenizer.regex", weight=2)
def chunk_boundaries_hidden(sub):
    return regex_probe(sub.RegexTokenizer(), corpus(141, 12000), 256 + 120,
                       corpus(142, 2000) + BASIC_HIDDEN_HELD_OUT)


chunk_boundaries_hidden.judge(lambda got, want: judge_regex(
    got, want, corpus(141, 12000), 256 + 120, corpus(142, 2000) + BASIC_HIDDEN_HELD_OUT,
    GPT4_SPLIT_PATTERN))


@check("tokenizer.regex", weight=2)
def gpt2_pattern(sub):
    return regex_probe(sub.RegexTokenizer(pattern=GPT2_SPLIT_PATTERN), corpus(143, 12000), 256 + 64,
                       corpus(144, 1500) + MIXED + "  you'll see 2024's   numbers!!\n")


gpt2_pattern.judge(lambda got, want: judge_regex(
    got, want, corpus(143, 12000), 256 + 64, corpus(144, 1500) + MIXED + "  you'll see 2024's   numbers!!\n",
    GPT2_SPLIT_PATTERN))


@check("tokenizer.regex", weight=2)
def compresses_shakespeare_regex(sub):
    return {"merges": merges_of(trained(sub.RegexTokenizer, corpus(151, 20000), 512))}


compresses_shakespeare_regex.judge(lambda got, want: judge_compression(
    got["merges"], want["merges"], 512, corpus(152, 10000), GPT4_SPLIT_PATTERN))


# --------------------------------------------------------------------------- tokenizer.special

HIDDEN_SPECIALS = {"<|im_start|>": 300, "<|im_end|>": 301, "[SEP]": 5000}
HIDDEN_SPECIAL_TEXTS = [
    "<|im_start|>user\nSPEED? [SEP] Press P!<|im_end|>\n<|im_start|>assistant<|im_end|>",
    "<|endoftext|> isn't registered here, nor is [SEP ], so S, E and P stay letters[SEP]",
    "plain text, with im_start and | bars | but no special token",
]


@check("tokenizer.special", weight=2)
def allowed_special_hidden(sub):
    return special_probe(sub, HIDDEN_SPECIALS, HIDDEN_SPECIAL_TEXTS, [{"[SEP]"}, {"<|im_end|>", "[SEP]"}], 161)


allowed_special_hidden.judge(lambda got, want: judge_special(
    got, HIDDEN_SPECIALS, HIDDEN_SPECIAL_TEXTS, [{"[SEP]"}, {"<|im_end|>", "[SEP]"}]))


# --------------------------------------------------------------------------- tokenizer.save_load

def course_file_inputs() -> tuple[list, str, dict]:
    """Merges of text full of newlines and spaces, no pattern, no special tokens."""
    return bpe_train("\n\n  \n" * 30 + corpus(171, 3000), 40), "", {}


@check("tokenizer.save_load", weight=2)
def loads_course_file(sub):
    merges, pattern, specials = course_file_inputs()
    with open("course.model", "w", encoding="utf-8") as f:
        f.write(model_file(merges, pattern, specials))
    tok = sub.Tokenizer()
    tok.load("course.model")
    loaded = {"merges": merges_of(tok), "pattern": getattr(tok, "pattern", None),
              "special": dict(getattr(tok, "special_tokens", None) or {}), "vocab": vocab_of(tok)}
    again = save_load_probe(sub, bpe_train(corpus(172, 2000), 20), GPT2_SPLIT_PATTERN, {"[SEP]": 999}, "again")
    return {"loaded": loaded, "again": again}


@loads_course_file.judge
def _(got, want):
    merges, pattern, specials = course_file_inputs()
    return judge_loaded(got["loaded"], merges, pattern, specials, "a .model file in the course format") & \
        judge_loaded(got["again"], bpe_train(corpus(172, 2000), 20), GPT2_SPLIT_PATTERN, {"[SEP]": 999},
                     "'again.model'")
