"""The hidden checks of lecture7.attention."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture7 import ATOL, RTOL, attention_probe, close, fill, inputs, judge_attention, judge_causal


@check(weight=2)
def head_other_sizes(sub):
    return attention_probe(sub, "Head", seed=101, B=3, short=1, head_size=5, n_embd=20, block_size=12,
                           ts=(0, 7))


@head_other_sizes.judge
def _(got, want):
    return judge_attention(got, want, "Head(5, n_embd=20, block_size=12)") & judge_causal(got["causal"], "Head")


@check(weight=2)
def multihead_other_sizes(sub):
    return attention_probe(sub, "MultiHeadAttention", seed=102, B=3, short=2, num_heads=3, head_size=6,
                           n_embd=20, block_size=12, ts=(1, 8))


@multihead_other_sizes.judge
def _(got, want):
    return judge_attention(got, want, "MultiHeadAttention(3, 6, n_embd=20)") & \
        judge_causal(got["causal"], "MultiHeadAttention")


@check()
def multihead_eval_no_dropout(sub):
    mha = sub.MultiHeadAttention(2, 8, 16, 8, dropout=0.5)
    fill(mha, 103)
    mha.eval()
    x = inputs(104, 2, 8, 16)
    with torch.no_grad():
        return {"first": mha(x), "second": mha(x)}


@multihead_eval_no_dropout.judge
def _(got, want):
    return close(got["first"], want["first"], "MultiHeadAttention(dropout=0.5) after eval()", atol=ATOL, rtol=RTOL) & \
        close(got["second"], want["first"], "the same, called again", atol=ATOL, rtol=RTOL)
