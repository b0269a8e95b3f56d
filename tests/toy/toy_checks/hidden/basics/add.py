"""The hidden checks of basics.add."""

import torch

from grader.check import check
from grader.judge import close


@check()
def adds_broadcast(sub):
    return {"sum": sub.add(torch.randn(4, 1), torch.randn(1, 5))}


@adds_broadcast.judge
def _(got, want):
    return close(got["sum"], want["sum"], name="a + b with broadcasting")
