"""The hidden checks of basics.answer."""

from grader.check import check
from grader.judge import equal


@check(reference=False)      # judged without the reference: it is never run for this
def answers_twice(sub):
    return {"values": [sub.answer(), sub.answer()]}


@answers_twice.judge
def _(got, want):
    assert want is None
    return equal(got["values"], [42, 42], name="answer(), asked twice")
