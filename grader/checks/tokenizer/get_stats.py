"""The public checks of tokenizer.get_stats."""
from __future__ import annotations

from grader.check import check
from grader.checks.tokenizer import WIKI, judge_stats, pairs_of, short
from grader.judge import failed, passed


@check(weight=2, case=dict(lists={"the bytes of 'aaabdaaabac'": list(WIKI.encode("utf-8")),
                                  "[1, 2, 3, 1, 2]": [1, 2, 3, 1, 2], "[]": [], "[7]": [7],
                                  "[256, 300, 256, 300]": [256, 300, 256, 300]}))
def wikipedia_stats(sub, lists):
    out = {}
    for name, ids in lists.items():
        before = list(ids)
        out[name] = {"stats": pairs_of(sub.get_stats(ids)), "untouched": ids == before}
    return out


@wikipedia_stats.judge
def every_adjacent_pair_counted(got, lists):
    verdict = passed()
    for name, ids in lists.items():
        verdict = verdict & judge_stats(got[name], [ids], name)
    return verdict


@check(weight=2, case=dict(parts=[[1, 2, 3], [3, 1, 2, 2]]))
def accumulates(sub, parts):
    counts = sub.get_stats(parts[0])
    same = [sub.get_stats(ids, counts) is counts for ids in parts[1:]]
    return {"same": all(same), "stats": pairs_of(counts), "untouched": True}


@accumulates.judge
def counts_added_in_place(got, parts):
    if not got["same"]:
        return failed("get_stats(ids, counts) should add to the dict `counts` in place and return that "
                      "same dict (the regex tokenizer sums the pairs of all chunks this way)")
    return judge_stats(got, parts, f"{short(parts[-1], 8)}, counts of {' and '.join(short(p, 8) for p in parts[:-1])}")
