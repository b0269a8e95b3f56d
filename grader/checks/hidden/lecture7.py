"""Lecture 7 (GPT from scratch): the hidden checks.

The public questions at sizes a learner never sees: head_size * num_heads different from
n_embd (so ``proj`` maps head_size * num_heads -> n_embd), a single token, batches of 3,
eps and 4-D input for LayerNorm, a vocabulary of 11, prompts longer than block_size,
dropout switched off by ``eval()``, chunks of several tokens fed with a KV cache. For the
fused attention the judge also computes the per-head attention itself, head by head, from
the weights it knows the probe used.
"""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture7 import (
    ATOL, RTOL, attention_probe, block_probe, close, failed, feedforward_probe, fill, fused_probe,
    generate_probe, head_loop_probe, inputs, judge_attention, judge_block, judge_causal, judge_fused,
    judge_fused_grads, judge_generate, judge_head_loop, judge_kv_generate, judge_kv_step, judge_layernorm,
    judge_model, judge_params, kv_generate_probe, kv_step_probe, layernorm_probe, model_probe, passed,
    per_head_weights, tokens)

TINY = dict(vocab_size=11, n_embd=16, n_head=2, n_layer=1, block_size=8)
KV_OTHER = dict(vocab_size=11, n_embd=24, n_head=3, n_layer=3, block_size=12)


# --------------------------------------------------------------------------- lecture7.attention

@check("lecture7.attention", weight=2)
def head_other_sizes(sub):
    return attention_probe(sub, "Head", seed=101, B=3, short=1, head_size=5, n_embd=20, block_size=12,
                           ts=(0, 7))


@head_other_sizes.judge
def _(got, want):
    return judge_attention(got, want, "Head(5, n_embd=20, block_size=12)") & judge_causal(got["causal"], "Head")


@check("lecture7.attention", weight=2)
def multihead_other_sizes(sub):
    return attention_probe(sub, "MultiHeadAttention", seed=102, B=3, short=2, num_heads=3, head_size=6,
                           n_embd=20, block_size=12, ts=(1, 8))


@multihead_other_sizes.judge
def _(got, want):
    return judge_attention(got, want, "MultiHeadAttention(3, 6, n_embd=20)") & \
        judge_causal(got["causal"], "MultiHeadAttention")


@check("lecture7.attention")
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


# --------------------------------------------------------------------------- lecture7.block

@check("lecture7.block", weight=2)
def layernorm_other(sub):
    return {"eps": layernorm_probe(sub, 7, (3, 4, 7), seed=111, eps=1e-3),
            "4d": layernorm_probe(sub, 6, (2, 2, 3, 6), seed=112)}


@layernorm_other.judge
def _(got, want):
    return judge_layernorm(got["eps"], want["eps"], "LayerNorm(7, eps=1e-3)") & \
        judge_layernorm(got["4d"], want["4d"], "LayerNorm(6) on a 4-D input")


@check("lecture7.block")
def feedforward_other(sub):
    return feedforward_probe(sub, 12, seed=113, B=3, T=2)


@feedforward_other.judge
def _(got, want):
    return judge_params(got["params"], want["params"], "FeedForward(12)") & \
        close(got["out"], want["out"], "FeedForward(12) output", atol=ATOL, rtol=RTOL)


@check("lecture7.block", weight=2)
def block_other_sizes(sub):
    return block_probe(sub, 24, 3, 8, seed=114, B=3, ts=(0, 5))


@block_other_sizes.judge
def _(got, want):
    return judge_block(got, want, "Block(24, 3)") & judge_causal(got["causal"], "Block")


# --------------------------------------------------------------------------- lecture7.model

@check("lecture7.model", weight=2)
def tiny_model(sub):
    return model_probe(sub, TINY, seed=121, B=3, short=1)


@tiny_model.judge
def _(got, want):
    return judge_model(got, want, "GPTLanguageModel(11, 16, 2, 1, 8)", tokens(123, 3, 8, 11)) & \
        judge_causal(got["causal"], "GPTLanguageModel", atol=1e-4)


@check("lecture7.model")
def eval_switches_dropout_off(sub):
    return model_probe(sub, TINY, seed=124, B=2, short=3, dropout=0.3)


@eval_switches_dropout_off.judge
def _(got, want):
    return judge_model(got, want, "GPTLanguageModel(dropout=0.3) after eval()", tokens(126, 2, 8, 11))


@check("lecture7.model", weight=2)
def generate_long_prompt(sub):
    return generate_probe(sub, TINY, seed=127, B=3, T0=10, n=6)


@generate_long_prompt.judge
def _(got, want):
    return judge_generate(got, want, "generate from a 10-token prompt with block_size 8", 8)


# --------------------------------------------------------------------------- lecture7.EX1

def per_head_attention(seed: int, n_embd: int, n_head: int, block_size: int, B: int) -> torch.Tensor:
    """MultiHeadAttention as the lecture writes it, head by head, on the probe's weights and input."""
    w = per_head_weights(seed, n_embd, n_head)
    x = inputs(seed + 1, B, block_size, n_embd)
    T = x.shape[1]
    mask = torch.tril(torch.ones(T, T)) == 0
    heads = []
    for Wq, Wk, Wv in zip(w["query"], w["key"], w["value"]):
        q, k, v = x @ Wq.T, x @ Wk.T, x @ Wv.T
        wei = (q @ k.transpose(-2, -1) * Wk.shape[0]**-0.5).masked_fill(mask, float("-inf")).softmax(-1)
        heads.append(wei @ v)
    return torch.cat(heads, dim=-1) @ w["proj_weight"].T + w["proj_bias"]


@check("lecture7.EX1", weight=3)
def matches_per_head_other_sizes(sub):
    return fused_probe(sub, 48, 6, 12, seed=131, B=3, short=1, ts=(0, 6))


@matches_per_head_other_sizes.judge
def _(got, want):
    truth = per_head_attention(131, 48, 6, 12, 3)
    v = close(got["out"], truth, "CausalSelfAttention(48, 6) against per-head attention", atol=ATOL, rtol=RTOL)
    return v & judge_fused(got, want, "CausalSelfAttention(48, 6)") & \
        judge_causal(got["causal"], "CausalSelfAttention(48, 6)")


@check("lecture7.EX1", weight=2)
def gradients_other_sizes(sub):
    return fused_probe(sub, 24, 2, 8, seed=132, B=3, short=3)


@gradients_other_sizes.judge
def _(got, want):
    return judge_fused_grads(got, want, "CausalSelfAttention(24, 2)")


@check("lecture7.EX1")
def no_head_loop_other(sub):
    return head_loop_probe(sub, 24, (2, 3, 6), seed=133)


@no_head_loop_other.judge
def _(got, want):
    return judge_head_loop(got, want)


# --------------------------------------------------------------------------- lecture7.EX4

@check("lecture7.EX4", weight=2)
def chunk_after_cache(sub):
    return kv_step_probe(sub, KV_OTHER, seed=141, B=3, T0=5, T1=3)


@chunk_after_cache.judge
def _(got, want):
    return judge_kv_step(got, want, "three tokens after 5", 5)


@check("lecture7.EX4", weight=2)
def greedy_other_sizes(sub):
    return {"short_prompt": kv_generate_probe(sub, KV_OTHER, seed=151, B=3, T0=1, n=15),
            "long_prompt": kv_generate_probe(sub, KV_OTHER, seed=143, B=2, T0=14, n=4)}


@greedy_other_sizes.judge
def _(got, want):
    return judge_kv_generate(got["short_prompt"], want["short_prompt"], "from 1 token, 15 new, block_size 12") & \
        judge_kv_generate(got["long_prompt"], want["long_prompt"], "from a 14-token prompt, block_size 12")


@check("lecture7.EX4")
def uses_the_cache_other(sub):
    return kv_generate_probe(sub, KV_OTHER, seed=144, B=1, T0=2, n=9)


@uses_the_cache_other.judge
def _(got, want):
    if got["fed"] > want["fed"]:
        return failed(f"generate_cached fed {got['fed']} tokens through the model where the cache needs "
                      f"{want['fed']}")
    return passed()

