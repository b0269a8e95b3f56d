"""The hidden checks of tokenizer.save_load."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import (
    GPT2_SPLIT_PATTERN, bpe_train, corpus, judge_loaded, merges_of, model_file, save_load_probe, vocab_of,
)


def course_file_inputs() -> tuple[list, str, dict]:
    """Merges of text full of newlines and spaces, no pattern, no special tokens."""
    return bpe_train("\n\n  \n" * 30 + corpus(171, 3000), 40), "", {}


@check(weight=2)
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
