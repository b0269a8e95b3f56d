"""The public checks of lecture7.attention."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture7 import attention_probe, judge_attention, judge_causal


@check(weight=2)
def head(sub):
    return attention_probe(sub, "Head", seed=1, B=2, short=5)


@head.judge
def _(got, want):
    return judge_attention(got, want, "Head(8, n_embd=32, block_size=16)")


@check()
def head_causal(sub):
    return attention_probe(sub, "Head", seed=2, B=2, short=3, ts=(0, 4, 9))


@head_causal.judge
def _(got, want):
    return judge_causal(got["causal"], "Head")


@check(weight=2)
def multihead(sub):
    return attention_probe(sub, "MultiHeadAttention", seed=3, B=2, short=6)


@multihead.judge
def _(got, want):
    return judge_attention(got, want, "MultiHeadAttention(4, 8, n_embd=32)") & \
        judge_causal(got["causal"], "MultiHeadAttention")
