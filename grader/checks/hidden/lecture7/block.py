"""The hidden checks of lecture7.block."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture7 import (
    ATOL, RTOL, block_probe, close, feedforward_probe, judge_block, judge_causal, judge_layernorm, judge_params,
    layernorm_probe,
)


@check(weight=2)
def layernorm_other(sub):
    return {"eps": layernorm_probe(sub, 7, (3, 4, 7), seed=111, eps=1e-3),
            "4d": layernorm_probe(sub, 6, (2, 2, 3, 6), seed=112)}


@layernorm_other.judge
def _(got, want):
    return judge_layernorm(got["eps"], want["eps"], "LayerNorm(7, eps=1e-3)") & \
        judge_layernorm(got["4d"], want["4d"], "LayerNorm(6) on a 4-D input")


@check()
def feedforward_other(sub):
    return feedforward_probe(sub, 12, seed=113, B=3, T=2)


@feedforward_other.judge
def _(got, want):
    return judge_params(got["params"], want["params"], "FeedForward(12)") & \
        close(got["out"], want["out"], "FeedForward(12) output", atol=ATOL, rtol=RTOL)


@check(weight=2)
def block_other_sizes(sub):
    return block_probe(sub, 24, 3, 8, seed=114, B=3, ts=(0, 5))


@block_other_sizes.judge
def _(got, want):
    return judge_block(got, want, "Block(24, 3)") & judge_causal(got["causal"], "Block")
