"""The public checks of gpt2.model: Hugging Face's names and shapes, the logits and loss of the
learner's GPT against the grader's on the same weights, the tied head, the tanh GELU, and the
124,475,904 parameters of GPT-2 at vocab 50304."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.gpt2 import GPT2_PARAMS, SMALL, expected_shapes, filled, tokens, weights
from grader.checks.lecture7 import fill
from grader.judge import close, failed, passed

GELU_HINT = "the MLP uses the exact GELU: GPT-2 was trained with its tanh approximation, nn.GELU(approximate='tanh')"
TIE_HINT = ("lm_head.weight is a tensor of its own: tie it to the token embedding "
            "(self.transformer.wte.weight = self.lm_head.weight)")


def model_probe(sub, cfg: dict, seed: int, B: int, T: int) -> dict:
    model = sub.GPT(sub.GPTConfig(**cfg))
    shapes = {k: list(v.shape) for k, v in model.state_dict().items()}
    fill(model, seed)
    idx = tokens(seed + 1, B, T, cfg["vocab_size"])
    with torch.no_grad():
        logits, loss = model(idx, tokens(seed + 2, B, T, cfg["vocab_size"]))
        no_loss = model(idx)[1]
    return {"shapes": shapes, "logits": logits, "loss": loss, "no_loss": no_loss,
            "tied": model.lm_head.weight is model.transformer.wte.weight}


def judge_shapes(got: dict, cfg: dict):
    want = expected_shapes(cfg)
    have = {k: v for k, v in got.items() if not k.endswith(".attn.bias")}
    missing, extra = sorted(set(want) - set(have)), sorted(set(have) - set(want))
    if missing:
        return failed(f"the state dict has no {missing[0]}{f' (and {len(missing) - 1} more)' if len(missing) > 1 else ''}: "
                      f"name the modules as Hugging Face's GPT-2 does")
    if extra:
        return failed(f"the state dict has {extra[0]}, which Hugging Face's GPT-2 has not")
    wrong = next((k for k in want if have[k] != want[k]), None)
    if wrong:
        return failed(f"{wrong} has shape {tuple(have[wrong])}, expected {tuple(want[wrong])}")
    return passed()


@check(weight=3, case=dict(cfg=SMALL, seed=11, B=2, T=12))
def logits_and_loss(sub, cfg, seed, B, T):
    return model_probe(sub, cfg, seed, B, T)


@logits_and_loss.judge
def logits_match_the_lectures_gpt(got, cfg, seed, B, T):
    """Against the grader's GPT filled with the same values by name; an untied head or the exact
    GELU named where the logits show it."""
    what = f"GPT({', '.join(f'{k}={v}' for k, v in cfg.items())})"
    v = judge_shapes(got["shapes"], cfg)
    if not v:
        return v
    idx, targets = tokens(seed + 1, B, T, cfg["vocab_size"]), tokens(seed + 2, B, T, cfg["vocab_size"])
    with torch.no_grad():
        logits, loss = filled(cfg, seed)(idx, targets)
        exact = filled(cfg, seed, gelu="none")(idx)[0]
    if got["no_loss"] is not None:
        return failed(f"{what}: model(idx) without targets should return loss None")
    if not got["tied"] and not close(got["logits"], logits, "logits", atol=1e-5, rtol=1e-4):
        return failed(f"{what}: {TIE_HINT}")
    if close(got["logits"], exact, "logits", atol=1e-5, rtol=1e-4) and not close(got["logits"], logits, "", 1e-5, 1e-4):
        return failed(f"{what}: {GELU_HINT}")
    return (close(got["logits"], logits, f"{what}: logits", atol=1e-5, rtol=1e-4)
            and close(got["loss"], loss, f"{what}: the loss (cross-entropy of the targets)", atol=1e-5, rtol=1e-4))


@check()
def gpt2_parameters(sub):
    """GPT-2 (124M) at vocab 50304, built on the meta device (no memory, no init cost)."""
    with torch.device("meta"):
        model = sub.GPT(sub.GPTConfig())
    return {"shapes": [list(p.shape) for p in model.parameters()],
            "tied": model.lm_head.weight is model.transformer.wte.weight}


@gpt2_parameters.judge
def has_124_475_904_parameters(got):
    n = sum(torch.Size(s).numel() for s in got["shapes"])
    if n == GPT2_PARAMS:
        return passed()
    hint = f": {TIE_HINT}" if not got["tied"] else ""
    return failed(f"GPT(GPTConfig()) has {n:,} parameters, GPT-2 (124M) at vocab_size 50304 has {GPT2_PARAMS:,}{hint}")


@check(case=dict(cfg=SMALL, seed=12))
def same_tensor(sub, cfg, seed):
    """After a training step on the head alone, the embedding must have moved with it."""
    model = sub.GPT(sub.GPTConfig(**cfg))
    fill(model, seed)
    before = weights(model.state_dict())["transformer.wte.weight"]
    with torch.no_grad():
        model.lm_head.weight.add_(1.0)
    return {"moved": model.state_dict()["transformer.wte.weight"] - before}


@same_tensor.judge
def head_and_embedding_are_one_tensor(got):
    if not torch.allclose(got["moved"], torch.ones_like(got["moved"])):
        return failed(f"changing lm_head.weight left transformer.wte.weight as it was: {TIE_HINT}")
    return passed()
