"""The public checks of lecture2.E02."""
from __future__ import annotations

from typing import Any

from grader.check import check
from grader.checks.common import STOI, split
from grader.checks.lecture2 import evaluation_matches_reference, pick, splits_match_reference
from grader.judge import equal, passed


def joined(words: Any) -> Any:
    """A list of names as one newline-joined string (else as it is): 32,000 names cross the
    sandbox's boundary as one string many times faster than as 32,000 pickled ones."""
    if type(words) is list and words and all(type(w) is str and w and "\n" not in w for w in words):
        return "\n".join(words)
    return words


# all the names, and 13 of them: int(0.8 * 13) = 10 and int(0.9 * 13) = 11, where round() gives 10 and 12
@check(weight=2, case=dict(lists=(None, (13, 143))))
def split_match(sub, lists):
    out = []
    for words in map(pick, lists):
        given = list(words)
        train, dev, test = sub.split_words(given)
        out.append({"train": joined(train), "dev": joined(dev), "test": joined(test), "untouched": given == words,
                    "in_file_order": list(train) == words[:int(0.8 * len(words))]})
    return out


split_match.judge(splits_match_reference)


@check(case=dict(words=(200, 61), extra=("a",), ns=(2, 3, 5)))
def ngrams_match(sub, words, extra, ns):
    words = pick(words) + list(extra)
    return {f"n={n}": sub.ngrams(list(words), dict(STOI), n) for n in ns}


@ngrams_match.judge
def ngrams_match_reference(got, want):
    verdict = passed()
    for k in want:
        verdict = verdict & equal(got[k], want[k], f"ngrams with {k}")
    return verdict


# not the default k: it must come from the argument
@check(weight=2, case=dict(words=None, seed=42, k=2))
def evaluate(sub, words, seed, k):
    train, dev, test = split(pick(words), seed=seed)
    return {"losses": sub.evaluate_splits(train, dev, test, dict(STOI), k=k)}


evaluate.judge(evaluation_matches_reference)
