"""The public checks of tokenizer.save_load."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import (
    GPT4_SPLIT_PATTERN, SPECIALS, bpe_train, corpus, judge_loaded, model_file, save_load_probe,
)
from grader.judge import failed, passed


def save_load_inputs() -> tuple[list, str, dict]:
    return bpe_train(corpus(61, 4000), 48, GPT4_SPLIT_PATTERN), GPT4_SPLIT_PATTERN, SPECIALS


@check(weight=2)
def round_trip(sub):
    return save_load_probe(sub, *save_load_inputs(), "shakespeare")


@round_trip.judge
def _(got, want):
    merges, pattern, specials = save_load_inputs()
    if got["model"] is None:
        return failed("save('shakespeare') should write the file shakespeare.model")
    verdict = passed()
    if got["model"].rstrip("\n") != model_file(merges, pattern, specials).rstrip("\n"):
        lines, want_lines = got["model"].split("\n"), model_file(merges, pattern, specials).split("\n")
        at = next((i for i, (g, w) in enumerate(zip(lines, want_lines)) if g != w), min(len(lines), len(want_lines)))
        verdict = failed(f"shakespeare.model doesn't follow the format in save's docstring: line {at + 1} is "
                         f"{lines[at][:60]!r}" if at < len(lines) else
                         "shakespeare.model ends early: every merge gets a line")
    return verdict & judge_loaded(got, merges, pattern, specials, "'shakespeare.model'")
