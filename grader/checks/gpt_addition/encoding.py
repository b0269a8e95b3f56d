"""The public checks of gpt_addition.encoding."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import judge_parse, judge_problems


PROBLEMS = [(12, 345, 3), (9, 9, 1), (0, 0, 2), (99, 1, 2), (5, 7, 2), (123, 877, 3), (999, 999, 3), (7, 0, 3),
            (1234, 5678, 4)]
ANSWERS = ["7530", "81", "000", "9991", "0001", "2100", "1", "12+4", "=000", "99-9", "+"]


@check(weight=2)
def problems(sub):
    return {"problems": [sub.format_problem(a, b, n) for a, b, n in PROBLEMS]}


@problems.judge
def _(got, want):
    return judge_problems(got["problems"], [(a, "+", b, n) for a, b, n in PROBLEMS])


@check()
def answers(sub):
    return {"answers": [sub.parse_answer(s) for s in ANSWERS]}


@answers.judge
def _(got, want):
    return judge_parse(got["answers"], ANSWERS)
