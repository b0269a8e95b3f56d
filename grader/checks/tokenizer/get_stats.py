"""The public checks of tokenizer.get_stats."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import WIKI, judge_stats, pairs_of
from grader.judge import failed, passed


@check(weight=2)
def wikipedia_stats(sub):
    out = {}
    for name, ids in {"the bytes of 'aaabdaaabac'": list(WIKI.encode("utf-8")), "[1, 2, 3, 1, 2]": [1, 2, 3, 1, 2],
                      "[]": [], "[7]": [7]}.items():
        before = list(ids)
        out[name] = {"stats": pairs_of(sub.get_stats(ids)), "untouched": ids == before}
    return out


@wikipedia_stats.judge
def _(got, want):
    verdict = passed()
    for call in want:
        verdict = verdict & judge_stats(got[call], want[call], call)
    return verdict


@check()
def accumulates(sub):
    counts = sub.get_stats([1, 2, 3])
    again = sub.get_stats([3, 1, 2, 2], counts)
    return {"same": again is counts, "stats": pairs_of(counts), "untouched": True}


@accumulates.judge
def _(got, want):
    if not got["same"]:
        return failed("get_stats(ids, counts) should add to the dict `counts` in place and return that "
                      "same dict (the regex tokenizer sums the pairs of all chunks this way)")
    return judge_stats(got, want, "[3, 1, 2, 2], counts of [1, 2, 3]")
