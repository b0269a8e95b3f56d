"""The public checks of lecture7.attention."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture7 import (
    ATOL, RTOL, attention_probe, checks, fill, inputs, judge_attention, judge_causal, judge_params, same, twice,
)
from grader.judge import close, failed, passed


def attention_matches_reference(got, want, kind, head_size, n_embd, block_size, num_heads=None):
    """Causal first (a leak is the mistake, the outputs that differ are its effect), then the outputs."""
    heads = "" if kind == "Head" else f"{num_heads}, "
    what = f"{kind}({heads}{head_size}, n_embd={n_embd}, block_size={block_size})"
    return judge_causal(got["causal"], what) and judge_attention(got, want, what)


HEAD = dict(kind="Head", B=2)
MULTIHEAD = dict(kind="MultiHeadAttention", B=2)
checks(attention_probe, attention_matches_reference,
       head=dict(HEAD, weight=2, seed=1, short=5, head_size=8, n_embd=32, block_size=16),
       head_other_sizes=dict(HEAD, B=3, seed=2, short=1, head_size=6, n_embd=24, block_size=10, ts=(0, 4, 8)),
       multihead=dict(MULTIHEAD, weight=2, seed=3, short=6, num_heads=4, head_size=8, n_embd=32, block_size=16),
       # head_size * num_heads (14) differs from n_embd (24): proj maps one to the other
       multihead_other_sizes=dict(MULTIHEAD, seed=5, short=4, num_heads=2, head_size=7, n_embd=24, block_size=10,
                                  ts=(1, 6)))


@check(case=dict(p=0.5, num_heads=4, head_size=8, n_embd=32, block_size=16, seed=4, B=2))
def dropout(sub, p, num_heads, head_size, n_embd, block_size, seed, B):
    """Head and MultiHeadAttention with dropout p: after eval() (twice), and in training mode under two
    seeds: the Head, one head of the MultiHeadAttention, and the MultiHeadAttention with proj's weight zero
    (so that only its own dropout after proj can vary the output)."""
    x = inputs(seed + 1, B, block_size, n_embd)
    result = {}
    for kind, m in (("Head", sub.Head(head_size, n_embd, block_size, dropout=p)),
                    ("MultiHeadAttention", sub.MultiHeadAttention(num_heads, head_size, n_embd, block_size, dropout=p))):
        params = fill(m, seed)
        m.eval()
        with torch.no_grad():
            result[kind] = {"params": params, "eval": [m(x), m(x)]}
        m.train()
        result[kind]["train"] = twice(lambda: m(x), seed + 2)
    result["MultiHeadAttention"]["head"] = twice(lambda: m.heads[0](x), seed + 4)
    with torch.no_grad():
        m.proj.weight.zero_()
    result["MultiHeadAttention"]["after_proj"] = twice(lambda: m(x), seed + 6)
    return result


DROPOUT_HINTS = (("Head", "train", "apply self.dropout to the attention weights, after the softmax"),
                 ("MultiHeadAttention", "head", "its heads drop nothing: pass dropout on to each Head"),
                 ("MultiHeadAttention", "after_proj", "with proj's weight zero its output does not vary: apply "
                                                      "self.dropout to proj's output"))


@dropout.judge
def dropout_only_in_training(got, want, p):
    for kind in ("Head", "MultiHeadAttention"):
        g, w, what = got[kind], want[kind], f"{kind}(dropout={p})"
        v = judge_params(g["params"], w["params"], what)
        v = v and (close(g["eval"][0], w["eval"][0], f"{what} output after eval()", atol=ATOL, rtol=RTOL)
                   & close(g["eval"][1], w["eval"][0], f"{what} output after eval(), called again", atol=ATOL,
                           rtol=RTOL))
        if not v:
            return v
    for kind, key, hint in DROPOUT_HINTS:
        if same(*got[kind][key]):
            return failed(f"{kind}(dropout={p}): in training mode two forward passes under different seeds gave "
                          f"the same output: {hint}")
    return passed()
