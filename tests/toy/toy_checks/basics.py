import torch

from grader.check import check
from grader.judge import close, equal


@check("basics.add", weight=3)
def adds(sub):
    a, b = torch.randn(4, 5), torch.randn(4, 5)
    return {"sum": sub.add(a, b)}


@adds.judge
def _(got, want):
    return close(got["sum"], want["sum"], name="a + b")


@check("basics.add")
def scales(sub):
    return {"out": sub.scale(torch.randn(3), 2.5)}


@scales.judge
def _(got, want):
    return close(got["out"], want["out"], name="x * k")


@check("basics.answer")
def answers(sub):
    return {"value": sub.answer()}


@answers.judge
def _(got, want):
    return equal(got["value"], want["value"], name="answer()")


@check("basics.add", device="cuda")
def adds_on_cuda(sub):
    a, b = torch.randn(4, 5, device="cuda"), torch.randn(4, 5, device="cuda")
    return {"sum": sub.add(a, b)}


@adds_on_cuda.judge
def _(got, want):
    return close(got["sum"], want["sum"], name="a + b on CUDA")
