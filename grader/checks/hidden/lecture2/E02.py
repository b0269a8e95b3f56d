"""The hidden checks of lecture2.E02."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture2 import STOI, judge_evaluate, judge_split, some_names, split
from grader.judge import equal, passed


@check(weight=2)
def split_other_lists(sub):
    out = {}
    for n in (10, 57):
        words = some_names(n, 130 + n)
        train, dev, test = sub.split_words(list(words))
        out[f"n={n}"] = {"train": train, "dev": dev, "test": test, "untouched": True,
                         "in_file_order": list(train) == words[:int(0.8 * n)]}
    return out


@split_other_lists.judge
def _(got, want):
    return judge_split(got["n=10"], want["n=10"]) & judge_split(got["n=57"], want["n=57"])


@check()
def ngrams_other_n(sub):
    words = some_names(100, 141) + ["a"]
    return {f"n={n}": sub.ngrams(words, STOI, n) for n in (1, 4)}


@ngrams_other_n.judge
def _(got, want):
    verdict = passed()
    for k in want:
        verdict = verdict & equal(got[k], want[k], f"ngrams with {k}")
    return verdict


@check(weight=2)
def evaluate_other(sub):
    train, dev, test = split(some_names(4000, 142), seed=7)
    return {"losses": sub.evaluate_splits(train, dev, test, STOI, k=0.5)}


evaluate_other.judge(judge_evaluate)
