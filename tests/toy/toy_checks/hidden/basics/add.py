"""The hidden checks of basics.add."""

import torch

from grader.check import check
from grader.judge import close

CASES = {"scales": [dict(n=6, k=-0.5)]}      # the public probe and judge, on other inputs


@check()
def adds_broadcast(sub):
    return {"sum": sub.add(torch.randn(4, 1), torch.randn(1, 5))}


@adds_broadcast.judge
def broadcast_sum_matches_reference(got, want):
    return close(got["sum"], want["sum"], name="a + b with broadcasting")
