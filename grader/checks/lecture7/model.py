"""The public checks of lecture7.model (the model is built of the course's parts: see course_parts)."""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from grader.check import check
from grader.checks.lecture7 import (
    INIT_MARGIN, PARTS, RTOL, UNIFORM_LOSS, VOCAB, as_btv, checks, course_parts, fill, generate_probe, inputs,
    judge_causal, judge_generate, judge_model, judge_params, model_probe, same, shakespeare, shakespeare_batch,
    tokens, twice,
)
from grader.judge import close, failed, passed, tensor

MODEL = dict(vocab_size=VOCAB, n_embd=32, n_head=4, n_layer=2, block_size=16)
OTHER = dict(vocab_size=13, n_embd=24, n_head=3, n_layer=3, block_size=10)


def described(cfg: dict) -> str:
    return f"GPTLanguageModel({', '.join(str(v) for v in cfg.values())})"


def logits_and_loss_match_reference(got, want, cfg, seed, B):
    what = described(cfg)
    targets = tokens(seed + 2, B, cfg["block_size"], cfg["vocab_size"])
    return judge_model(got, want, what, targets) & judge_causal(got["causal"], what, atol=1e-4)


checks(model_probe, logits_and_loss_match_reference, logits_and_loss=dict(cfg=MODEL, weight=2, seed=21, B=2, short=7),
       logits_other_sizes=dict(cfg=OTHER, seed=22, B=2, short=1))


@check()
def init_loss(sub):
    _, vocab = shakespeare()
    torch.manual_seed(1337)
    with course_parts(sub, PARTS):
        model = sub.GPTLanguageModel(vocab, 32, 4, 2, 16)
    x, _ = shakespeare_batch(31, 8, 16)
    with torch.no_grad():
        logits, _ = model(x)
    return {"logits": logits}


@init_loss.judge
def loss_at_init_near_uniform(got):
    _, y = shakespeare_batch(31, 8, 16)
    logits = as_btv(got["logits"], *y.shape)
    shape = tensor(logits, torch.empty(*y.shape, VOCAB), "logits on a tinyshakespeare batch")
    if not shape:
        return shape
    loss = F.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1)).item()
    if not math.isfinite(loss) or abs(loss - UNIFORM_LOSS) > INIT_MARGIN:
        return failed(f"the loss at init is {loss:.4f}, but a model that has learnt nothing yet should be "
                      f"within {INIT_MARGIN} of -log(1/{VOCAB}) = {UNIFORM_LOSS:.4f}: initialise as the "
                      f"lecture's gpt.py does, self.apply(self._init_weights)")
    return passed()


def generate_follows_own_logits(got, cfg, seed, B, T0, n):
    prompt = tokens(seed + 1, B, T0, cfg["vocab_size"])
    return judge_generate(got, prompt, n, f"generate(idx ({B}, {T0}), {n}) with block_size {cfg['block_size']}",
                          cfg["block_size"])


checks(generate_probe, generate_follows_own_logits, generate=dict(cfg=MODEL, weight=2, seed=41, B=2, T0=3, n=20),
       generate_long_prompt=dict(cfg=OTHER, seed=42, B=2, T0=13, n=5))


@check(case=dict(cfg=MODEL, p=0.5, seed=24, B=2))
def dropout(sub, cfg, p, seed, B):
    """GPTLanguageModel(dropout=p): logits after eval(), and each block in training mode under two seeds."""
    with course_parts(sub, PARTS):
        model = sub.GPTLanguageModel(**cfg, dropout=p)
    params = fill(model, seed)
    model.eval()
    with torch.no_grad():
        logits, _ = model(tokens(seed + 1, B, cfg["block_size"], cfg["vocab_size"]))
    model.train()
    x = inputs(seed + 2, B, cfg["block_size"], cfg["n_embd"])
    return {"params": params, "eval": logits, "blocks": [twice(lambda: blk(x), seed + 3) for blk in model.blocks]}


@dropout.judge
def blocks_drop_in_training(got, want, cfg, p):
    what = f"{described(cfg)[:-1]}, dropout={p})"
    v = judge_params(got["params"], want["params"], what)
    v = v and close(got["eval"], want["eval"], f"{what}: logits after eval()", atol=1e-4, rtol=RTOL)
    if not v:
        return v
    for i, pair in enumerate(got["blocks"]):
        if same(*pair):
            return failed(f"{what}: in training mode block {i} drops nothing (two forward passes under different "
                          f"seeds agree): pass dropout on to each Block")
    return passed()
