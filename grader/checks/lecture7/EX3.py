"""The public checks of lecture7.EX3: pretraining on the King James Bible beats training from scratch.

Graded training on data the grader controls. ``given`` (run here, in the grader) hands the learner's
``pretrain_and_finetune`` the whole KJV and a slice of tinyshakespeare, ``SLICE`` bytes from a
place the check's seed picks; the ``VAL`` bytes right after it never enter the sandbox, which holds
no dataset at all. While it trains, the grader's copy of the lecture's GPT (:class:`CourseGPT`)
stands in for the learner's ``GPTLanguageModel``, so a mistake in gpt.py costs lecture 7's exercises
only. The probe returns only state_dicts: the snapshots the learner's finetuning took (at most
``MAX_SNAPSHOTS``) and the final model.

The judge rebuilds each with gpt_addition's GPT (the lecture's model as one function over the
state_dict, so nothing the learner's process computed is trusted), measures its loss on the
held-out bytes, and takes the best. The baseline is the same model trained *from scratch* on the
same slice, by the grader, at the same sizes: its best held-out loss over ``SCRATCH_ITERS`` steps
(it overfits long before the end), computed once per grader process and slice. Pretraining must
win by ``MARGIN``; the feedback states both numbers, passing or failing, since seeing them is the
exercise's point. Integrity: a re-initialised copy of the best snapshot must lose to the baseline
(if not, the evaluation is broken: a course bug, reported as an error).
"""
from __future__ import annotations

import random
from functools import lru_cache, partial

import torch
import torch.nn as nn
from torch.nn import functional as F

from grader.check import check
from grader.checks.gpt_addition import GPT, config_of, initialise
from grader.checks.lecture7 import course_parts, gen
from grader import data
from grader.judge import error, failed, passed

CONFIG = dict(vocab_size=256, n_embd=48, n_head=4, n_layer=2, block_size=64)
SLICE, VAL = 5_000, 16_000      # bytes of Shakespeare to finetune on, and held out right after them
MARGIN = 0.1                    # nats per byte that pretraining must gain over training from scratch
MAX_SNAPSHOTS = 40
SCRATCH_ITERS, SCRATCH_LR, SCRATCH_BATCH, SCRATCH_EVERY = 400, 1e-3, 32, 25


class CourseGPT(GPT):
    """What a correct gpt.py builds, standing in for the learner's ``GPTLanguageModel`` while their EX3
    trains: the grader's GPT (one function over the lecture's parameter names, so the grader ships no
    copy of lecture 7's modules, which are exercises themselves) with the lecture's init. The init
    draws from torch's global generator, as the lecture's modules do, so the learner's seeding decides
    it; ``dropout``, if the learner passes one, drops on the embeddings."""

    def __init__(self, vocab_size, n_embd, n_head, n_layer, block_size, dropout=0.0):
        super().__init__(vocab_size, n_embd, n_head, n_layer, block_size)
        initialise(self, int(torch.randint(2**62, ())))
        self.drop = nn.Dropout(dropout)


def read_bytes(name: str) -> torch.Tensor:
    """A dataset the exercise declares, as its bytes (uint8): the KJV file is not all UTF-8 (it has
    cp1252 dashes), and the model reads bytes anyway."""
    return torch.frombuffer(bytearray(data.read_bytes(name)), dtype=torch.uint8)


@lru_cache(maxsize=None)
def split(seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The finetuning slice and the held-out bytes right after it, from a place ``seed`` picks."""
    text = read_bytes("tinyshakespeare")
    start = random.Random(seed).randrange(len(text) - SLICE - VAL)
    return text[start:start + SLICE].clone(), text[start + SLICE:start + SLICE + VAL].clone()


def training_texts(seed: int) -> dict:
    """``given``: what the learner's code may see, made in the grader: the KJV and the slice, as bytes."""
    return {"kjv": read_bytes("kjv"), "shakespeare": split(seed)[0]}


def state_of(model) -> dict | str:
    if not isinstance(model, nn.Module):
        return f"pretrain_and_finetune should return the finetuned GPTLanguageModel, got {type(model).__name__}"
    return {k: v.detach().cpu().float().clone() for k, v in nn.Module.state_dict(model).items()
            if isinstance(v, torch.Tensor) and not k.endswith(".tril")}


def pretrain_probe(sub, kjv, shakespeare, seed):
    snapshots = []

    def snapshot(model):
        if len(snapshots) < MAX_SNAPSHOTS:
            snapshots.append(state_of(model))

    with course_parts(sub, {"GPTLanguageModel": CourseGPT}):
        model = sub.pretrain_and_finetune(kjv, shakespeare, gen(seed), snapshot)
    return {"snapshots": snapshots, "final": state_of(model)}


@torch.no_grad()
def held_out_loss(model: nn.Module, val: torch.Tensor) -> float:
    """Mean cross-entropy (nats per byte) over the held-out bytes, in windows of block_size + 1."""
    T = model.block_size + 1
    windows = val[:len(val) // T * T].view(-1, T)
    logits, _ = model.eval()(windows[:, :-1])
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), windows[:, 1:].reshape(-1)).item()


@lru_cache(maxsize=None)
def scratch_baseline(seed: int) -> float:
    """The same model trained from scratch on the same slice, by the grader: its best held-out loss."""
    train_text, val_text = split(seed)
    data, val = train_text.long(), val_text.long()
    torch.manual_seed(seed)
    model = CourseGPT(**CONFIG)
    g = gen(seed + 1)
    optimizer = torch.optim.AdamW(model.parameters(), lr=SCRATCH_LR)
    best = float("inf")
    for it in range(SCRATCH_ITERS + 1):
        if it % SCRATCH_EVERY == 0:
            best = min(best, held_out_loss(model, val))
        if it == SCRATCH_ITERS:
            break
        ix = torch.randint(len(data) - CONFIG["block_size"], (SCRATCH_BATCH,), generator=g).tolist()
        x = torch.stack([data[i:i + CONFIG["block_size"]] for i in ix])
        y = torch.stack([data[i + 1:i + CONFIG["block_size"] + 1] for i in ix])
        optimizer.zero_grad(set_to_none=True)
        _, loss = model.train()(x, y)
        loss.backward()
        optimizer.step()
    return best


def rebuilt(state) -> GPT | str:
    """A snapshot in the grader's own GPT, or why it does not fit the exercise's sizes."""
    if type(state) is not dict or not all(type(v) is torch.Tensor for v in state.values()):
        return f"a snapshot is not a state_dict of tensors ({type(state).__name__})"
    config = config_of(state)
    if config != CONFIG:
        return (f"the model has sizes {config}; the exercise fixes {CONFIG} (the scratch baseline has them): "
                f"keep pretrain.py's vocab_size, n_embd, n_head, n_layer, block_size")
    model = GPT(**CONFIG)
    missing, unexpected = model.load_state_dict(state, strict=False)
    if missing or unexpected:
        return f"the state_dict does not fit the lecture's GPT: {'missing' if missing else 'unexpected'} " \
               f"{(missing or unexpected)[:3]}"
    return model


def judge_pretraining(got, seed: int):
    """The best held-out loss of the finetuned snapshots against the grader's own from-scratch run."""
    states = [s for s in got["snapshots"] if not isinstance(s, str)] + [got["final"]]
    models = [rebuilt(s) for s in states]
    bad = next((m for m in models if isinstance(m, str)), None)
    if bad:
        return failed(bad)
    val = split(seed)[1].long()
    losses = [held_out_loss(m, val) for m in models]
    best = min(losses)
    i = losses.index(best)
    blank = held_out_loss(initialise(GPT(**CONFIG), seed), val)
    scratch = scratch_baseline(seed)
    if blank < scratch - MARGIN:
        return error(f"a re-initialised copy of your model reaches {blank:.3f} on the held-out text: the grader's "
                     f"evaluation is broken (a course bug)")
    where = "the final model" if i == len(states) - 1 else f"snapshot {i + 1} of {len(states) - 1}"
    said = (f"held-out Shakespeare, nats per byte: pretrained then finetuned {best:.3f} (best: {where}), "
            f"trained from scratch on the same {SLICE:,} bytes {scratch:.3f}")
    if best <= scratch - MARGIN:
        return passed(said)
    gain = scratch - best
    return failed(f"{said}: pretraining gained {gain:.3f}, it needs {MARGIN}: pretrain on kjv first, then finetune "
                  f"the same model (not a new one) at a lower learning rate")


@check(weight=4, given=partial(training_texts, 0), case=dict(seed=7))
def pretraining_helps(sub, kjv, shakespeare, seed):
    return pretrain_probe(sub, kjv, shakespeare, seed)


@pretraining_helps.judge
def finetuned_beats_scratch(got):
    return judge_pretraining(got, 0)
