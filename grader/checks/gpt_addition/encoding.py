"""The public checks of gpt_addition.encoding."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt_addition import answers_parsed, judge_problems


PROBLEMS = [(12, 345, 3), (9, 9, 1), (0, 0, 2), (99, 1, 2), (5, 7, 2), (123, 877, 3), (999, 999, 3), (7, 0, 3),
            (1234, 5678, 4)]
# Not answers: a sign, '=', a sign that int() would read once the digits are reversed ("5-" is "-5")
ANSWERS = ["7530", "81", "000", "9991", "0001", "2100", "1", "12+4", "=000", "99-9", "+", "5-"]


@check(weight=2, case=dict(operands=PROBLEMS))
def problems(sub, operands):
    return {"problems": [sub.format_problem(a, b, n) for a, b, n in operands]}


@problems.judge
def problems_in_the_exercise_format(got, operands):
    return judge_problems(got["problems"], [(a, "+", b, n) for a, b, n in operands])


@check(case=dict(strings=ANSWERS))
def answers(sub, strings):
    return {"answers": [sub.parse_answer(s) for s in strings]}


answers.judge(answers_parsed)
