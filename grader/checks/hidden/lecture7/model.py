"""The hidden checks of lecture7.model."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture7 import generate_probe, judge_causal, judge_generate, judge_model, model_probe, tokens


TINY = dict(vocab_size=11, n_embd=16, n_head=2, n_layer=1, block_size=8)


@check(weight=2)
def tiny_model(sub):
    return model_probe(sub, TINY, seed=121, B=3, short=1)


@tiny_model.judge
def _(got, want):
    return judge_model(got, want, "GPTLanguageModel(11, 16, 2, 1, 8)", tokens(123, 3, 8, 11)) & \
        judge_causal(got["causal"], "GPTLanguageModel", atol=1e-4)


@check()
def eval_switches_dropout_off(sub):
    return model_probe(sub, TINY, seed=124, B=2, short=3, dropout=0.3)


@eval_switches_dropout_off.judge
def _(got, want):
    return judge_model(got, want, "GPTLanguageModel(dropout=0.3) after eval()", tokens(126, 2, 8, 11))


@check(weight=2)
def generate_long_prompt(sub):
    return generate_probe(sub, TINY, seed=127, B=3, T0=10, n=6)


@generate_long_prompt.judge
def _(got, want):
    return judge_generate(got, want, "generate from a 10-token prompt with block_size 8", 8)
