"""The hidden checks of basics.answer."""

from grader.check import check
from grader.judge import equal


@check()
def answers_twice(sub):
    return {"values": [sub.answer(), sub.answer()]}


@answers_twice.judge
def answers_42_twice(got):          # no want: the reference is never run for this check
    return equal(got["values"], [42, 42], name="answer(), asked twice")
