import torch

from grader.check import check
from grader.judge import close, equal


@check("basics.add")
def adds_broadcast(sub):
    return {"sum": sub.add(torch.randn(4, 1), torch.randn(1, 5))}


@adds_broadcast.judge
def _(got, want):
    return close(got["sum"], want["sum"], name="a + b with broadcasting")


@check("basics.answer", reference=False)      # judged without the reference: it is never run for this
def answers_twice(sub):
    return {"values": [sub.answer(), sub.answer()]}


@answers_twice.judge
def _(got, want):
    assert want is None
    return equal(got["values"], [42, 42], name="answer(), asked twice")
