"""The public checks of basics.answer."""

from grader.check import check
from grader.judge import equal


@check()
def answers(sub):
    return {"value": sub.answer()}


@answers.judge
def answer_matches_reference(got, want):
    return equal(got["value"], want["value"], name="answer()")
