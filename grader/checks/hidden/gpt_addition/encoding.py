"""The hidden checks of gpt_addition.encoding."""
from __future__ import annotations

import random

from grader.check import check
from grader.checks.gpt_addition import judge_parse, judge_problems


_rng = random.Random(7_070_707)
PROBLEMS = [(_rng.randrange(10**n), _rng.randrange(10**n), n) for n in (1, 2, 3, 4, 5, 5, 2, 3)]
PROBLEMS += [(10**4 - 1, 1, 4), (0, 10**5 - 1, 5)]
ANSWERS = ["50", "0001", "00000", "99999", "10", "9", "1+", "5=", "-12", "3 4", "00009"]


@check(weight=2)
def problems_hidden(sub):
    return {"problems": [sub.format_problem(a, b, n) for a, b, n in PROBLEMS]}


@problems_hidden.judge
def _(got, want):
    return judge_problems(got["problems"], [(a, "+", b, n) for a, b, n in PROBLEMS])


@check()
def answers_hidden(sub):
    return {"answers": [sub.parse_answer(s) for s in ANSWERS]}


@answers_hidden.judge
def _(got, want):
    return judge_parse(got["answers"], ANSWERS)
