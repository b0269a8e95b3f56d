"""The public checks of lecture7.block (the Block is built of the course's attention: see course_parts)."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture7 import (
    ATOL, ATTENTION, RTOL, block_probe, checks, course_parts, feedforward_probe, fill, inputs, judge_block, judge_causal,
    judge_layernorm, judge_params, layernorm_probe, same, twice,
)
from grader.judge import close, failed, passed


@check(weight=2, case=dict(parts=((32, (2, 5, 32), 11, None), (10, (6, 10), 12, 1e-3), (8, (2, 3, 2, 8), 17, None))))
def layernorm(sub, parts):
    """LayerNorm(dim, eps) on an input of shape, for each (dim, shape, seed, eps) of parts (eps None: default)."""
    return [layernorm_probe(sub, *part) for part in parts]


@layernorm.judge
def layernorm_matches_torch(got, want, parts):
    """The first input that goes wrong (one mistake, one line)."""
    for g, w, (dim, shape, _, eps) in zip(got, want, parts):
        verdict = judge_layernorm(g, w, f"LayerNorm({dim}{'' if eps is None else f', eps={eps:g}'}) on {shape}")
        if not verdict:
            return verdict
    return passed()


@check(case=dict(n_embd=32, seed=13, B=2, T=5))
def feedforward(sub, n_embd, seed, B, T):
    return feedforward_probe(sub, n_embd, seed, B, T)


@feedforward.judge
def feedforward_matches_reference(got, want, n_embd):
    return judge_params(got["params"], want["params"], f"FeedForward({n_embd})") & \
        close(got["out"], want["out"], f"FeedForward({n_embd}) output", atol=ATOL, rtol=RTOL)


def block_matches_reference(got, want, n_embd, n_head, block_size):
    what = f"Block({n_embd}, {n_head}, block_size={block_size})"
    return judge_block(got, want, what) & judge_causal(got["causal"], what)


checks(block_probe, block_matches_reference,
       block=dict(weight=2, n_embd=32, n_head=4, block_size=16, seed=14, B=2),
       block_other_sizes=dict(n_embd=20, n_head=5, block_size=10, seed=16, B=2, ts=(0, 6)))


@check(case=dict(p=0.5, n_embd=32, n_head=4, block_size=16, seed=15, B=2))
def block_dropout(sub, p, n_embd, n_head, block_size, seed, B):
    """Block(dropout=p): after eval(), and in training mode under two seeds with one branch silenced
    (its parameters zero, so it adds nothing) at a time: the other branch alone must then vary."""
    with course_parts(sub, ATTENTION):
        blk = sub.Block(n_embd, n_head, block_size, dropout=p)
    params = fill(blk, seed)
    x = inputs(seed + 1, B, block_size, n_embd)
    blk.eval()
    with torch.no_grad():
        result = {"params": params, "eval": blk(x)}
    blk.train()
    for branch, other in (("sa", blk.ffwd), ("ffwd", blk.sa)):
        saved = [q.detach().clone() for q in other.parameters()]
        with torch.no_grad():
            for q in other.parameters():
                q.zero_()
        result[branch] = twice(lambda: blk(x), seed + 2)
        with torch.no_grad():
            for q, value in zip(other.parameters(), saved):
                q.copy_(value)
    return result


@block_dropout.judge
def both_branches_drop_in_training(got, want, p):
    what = f"Block(dropout={p})"
    v = judge_params(got["params"], want["params"], what)
    v = v and close(got["eval"], want["eval"], f"{what} output after eval()", atol=ATOL, rtol=RTOL)
    if not v:
        return v
    for branch, part in (("sa", "MultiHeadAttention"), ("ffwd", "FeedForward (its net ends in nn.Dropout)")):
        if same(*got[branch]):
            return failed(f"{what}: in training mode the {branch} branch drops nothing (two forward passes under "
                          f"different seeds agree while the other branch adds nothing): pass dropout on to {part}")
    return passed()
