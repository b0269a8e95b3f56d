"""The public checks of gpt2.train: the learner's ``train_model`` trains in the sandbox on the
training split the grader hands it (``given``: the held-out 10 % never enters the sandbox) and
returns a model; the probe sends back only its state dict and ``config.n_head`` (trained once: the
hidden check, on other held-out windows, reuses it). The judge reads
the config from the weights' shapes, loads them into the grader's own GPT and measures the loss
on held-out windows of its choosing. Integrity: the same GPT freshly initialised (std 0.02) must
score near ln(50304) ≈ 10.8 there, far from the goal (else the evaluation is broken: an error).

One mistake costs one exercise: while ``train_model`` runs, the grader's own versions of the parts it
imports (``GPT``, ``GPTConfig``, ``DataLoaderLite``, ``get_lr``, ``train_step``, the exercises of
model.py and train_gpt2.py) stand in for the learner's, so this exercise judges the training run
itself: the config, the steps, the learning rates and how they are applied."""
from __future__ import annotations

from dataclasses import asdict, dataclass

import torch
import torch.nn as nn

from grader.check import check
from grader.checks.common import error_line
from grader.checks.gpt2 import GPT, TRAIN_FLOOR, TRAIN_GOAL, config_of, held_out_loss, training_split, weights
from grader.checks.gpt2.lr_schedule import cosine
from grader.checks.lecture7 import course_parts
from grader.judge import error, failed, passed, scaled


# --------------------------------------------------------------------------- the grader's parts

@dataclass
class CourseConfig:
    block_size: int = 1024
    vocab_size: int = 50304
    n_layer: int = 12
    n_head: int = 12
    n_embd: int = 768


class CourseGPT(GPT):
    """The grader's GPT under the lecture's constructor, GPT-2's init (drawn from torch's generator, so
    the learner's seed decides it) and the lecture's AdamW."""

    def __init__(self, config):
        super().__init__({k: getattr(config, k) for k in asdict(CourseConfig())})
        residual = 0.02 / (2 * self.config.n_layer) ** 0.5
        with torch.no_grad():
            for name, p in self.named_parameters():
                if name.endswith("bias"):
                    p.zero_()
                elif p.dim() == 2:
                    p.normal_(0.0, residual if name.endswith("c_proj.weight") else 0.02)

    def configure_optimizers(self, weight_decay, learning_rate, device_type):
        matrices = [p for p in self.parameters() if p.dim() >= 2]
        vectors = [p for p in self.parameters() if p.dim() < 2]
        return torch.optim.AdamW([dict(params=matrices, weight_decay=weight_decay), dict(params=vectors, weight_decay=0.0)],
                                 lr=learning_rate, betas=(0.9, 0.95), eps=1e-8, fused=device_type == "cuda")


class CourseLoader:
    """Rank 0 of 1 (train_model runs one process): B * T tokens a batch, in order, wrapping round."""

    def __init__(self, tokens, B, T, process_rank=0, num_processes=1):
        self.tokens, self.B, self.T, self.at = tokens, B, T, 0

    def next_batch(self):
        n = self.B * self.T
        if self.at + n + 1 > len(self.tokens):
            self.at = 0
        window = self.tokens[self.at:self.at + n + 1]
        self.at += n
        return window[:-1].view(self.B, self.T), window[1:].view(self.B, self.T)


def course_lr(it, max_lr=6e-4, min_lr=6e-5, warmup_steps=10, max_steps=50):
    return max_lr * (it + 1) / warmup_steps if it < warmup_steps else cosine(it, max_lr, min_lr, warmup_steps, max_steps)


def course_step(model, optimizer, train_loader, grad_accum_steps, ddp=False):
    optimizer.zero_grad()
    losses = []
    for _ in range(grad_accum_steps):
        _, loss = model(*train_loader.next_batch())
        (loss / grad_accum_steps).backward()
        losses.append(loss.detach())
    norm = nn.utils.clip_grad_norm_(model.parameters(), 1.0)
    optimizer.step()
    return torch.stack(losses).mean(), norm


PARTS = {"GPT": CourseGPT, "GPTConfig": CourseConfig, "DataLoaderLite": CourseLoader, "get_lr": course_lr,
         "train_step": course_step}


# --------------------------------------------------------------------------- the check

_TRAINED: dict = {}     # one training per sandbox process: the public and hidden checks share it


@check(weight=4, given=training_split, case=dict(eval_seed=1))
def held_out_loss_after_training(sub, tokens, eval_seed):
    """(``eval_seed`` is the judge's: which held-out windows it scores.)"""
    if not _TRAINED:
        with course_parts(sub, PARTS):
            model = sub.train_model(tokens)
        _TRAINED.update(state=weights(model.state_dict()), n_head=model.config.n_head)
    return dict(_TRAINED)


@held_out_loss_after_training.judge
def loss_below_the_goal(got, eval_seed):
    cfg = config_of(got["state"], got["n_head"])
    if isinstance(cfg, str):
        return failed(f"train_model returned a model the grader cannot rebuild: {cfg}")
    model = GPT(cfg).eval()
    try:
        model.load_state_dict(got["state"])
    except RuntimeError as e:
        return failed(f"the trained weights do not fit GPT-2's names and shapes: {error_line(e)}")
    torch.manual_seed(0)
    fresh = GPT(cfg).eval()
    with torch.no_grad():                       # GPT-2's init: N(0, 0.02²) matrices, zero biases, unit norms
        for name, p in fresh.named_parameters():
            if p.dim() >= 2:
                p.normal_(0.0, 0.02)
            elif not name.endswith(("ln_1.weight", "ln_2.weight", "ln_f.weight")):
                p.zero_()
    untrained = held_out_loss(fresh, eval_seed)
    if untrained < TRAIN_FLOOR:
        return error(f"an untrained GPT of the same config scores {untrained:.3f} on the held-out text: the evaluation "
                     f"is broken (a course bug)")
    loss = held_out_loss(model, eval_seed)
    v = scaled(loss, TRAIN_FLOOR, TRAIN_GOAL, "the held-out loss of your trained model")
    if v.fraction == 1.0:
        return passed(f"the held-out loss of your trained model is {loss:.3f} (full points below {TRAIN_GOAL}; "
                      f"{untrained:.2f} untrained)")
    return v
