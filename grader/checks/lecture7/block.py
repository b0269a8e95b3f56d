"""The public checks of lecture7.block."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture7 import (
    ATOL, RTOL, block_probe, feedforward_probe, judge_block, judge_causal, judge_layernorm, judge_params,
    layernorm_probe,
)
from grader.judge import close


@check(weight=2)
def layernorm(sub):
    return {"3d": layernorm_probe(sub, 32, (2, 5, 32), seed=11), "2d": layernorm_probe(sub, 32, (6, 32), seed=12)}


@layernorm.judge
def _(got, want):
    return judge_layernorm(got["3d"], want["3d"], "LayerNorm(32) on (2, 5, 32)") & \
        judge_layernorm(got["2d"], want["2d"], "LayerNorm(32) on (6, 32)")


@check()
def feedforward(sub):
    return feedforward_probe(sub, 32, seed=13, B=2, T=5)


@feedforward.judge
def _(got, want):
    return judge_params(got["params"], want["params"], "FeedForward(32)") & \
        close(got["out"], want["out"], "FeedForward(32) output", atol=ATOL, rtol=RTOL)


@check(weight=2)
def block(sub):
    return block_probe(sub, 32, 4, 16, seed=14, B=2)


@block.judge
def _(got, want):
    return judge_block(got, want, "Block(32, 4)") & judge_causal(got["causal"], "Block")
