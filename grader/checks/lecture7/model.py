"""The public checks of lecture7.model."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from grader.check import check
from grader.checks.lecture7 import (
    INIT_MARGIN, UNIFORM_LOSS, VOCAB, as_btv, generate_probe, judge_causal, judge_generate, judge_model,
    model_probe, shakespeare, shakespeare_batch, tokens,
)
from grader.judge import failed, passed, tensor

SMALL = dict(n_embd=32, n_head=4, block_size=16)
MODEL = dict(vocab_size=VOCAB, n_layer=2, **SMALL)


@check(weight=2)
def logits_and_loss(sub):
    return model_probe(sub, MODEL, seed=21, B=2, short=7)


@logits_and_loss.judge
def _(got, want):
    return judge_model(got, want, "GPTLanguageModel", tokens(23, 2, 16)) & \
        judge_causal(got["causal"], "GPTLanguageModel", atol=1e-4)


@check()
def init_loss(sub):
    _, vocab = shakespeare()
    torch.manual_seed(1337)
    model = sub.GPTLanguageModel(vocab, 32, 4, 2, 16)
    x, _ = shakespeare_batch(31, 8, 16)
    with torch.no_grad():
        logits, _ = model(x)
    return {"logits": logits, "vocab": vocab}


@init_loss.judge
def _(got, want):
    _, y = shakespeare_batch(31, 8, 16)
    logits = as_btv(got["logits"], *y.shape)
    shape = tensor(logits, torch.empty(*y.shape, want["vocab"]), "logits on a tinyshakespeare batch")
    if not shape:
        return shape
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)).item()
    if not math.isfinite(loss) or abs(loss - UNIFORM_LOSS) > INIT_MARGIN:
        return failed(f"the loss at init is {loss:.4f}, but a model that has learnt nothing yet should be "
                      f"within {INIT_MARGIN} of -log(1/{want['vocab']}) = {UNIFORM_LOSS:.4f}: initialise as the "
                      f"lecture's gpt.py does, self.apply(self._init_weights)")
    return passed()


@check(weight=2)
def generate(sub):
    return generate_probe(sub, MODEL, seed=41, B=2, T0=3, n=20)


@generate.judge
def _(got, want):
    return judge_generate(got, want, "generate(idx (2, 3), 20) with block_size 16", 16)
