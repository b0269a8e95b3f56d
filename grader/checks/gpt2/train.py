"""The public checks of gpt2.train: the learner's ``train_model`` trains in the sandbox on the
training split the grader hands it (``given``: the held-out 10 % never enters the sandbox) and
returns a model; the probe sends back only its state dict and ``config.n_head`` (trained once: the
hidden check, on other held-out windows, reuses it). The judge reads
the config from the weights' shapes, loads them into the grader's own GPT and measures the loss
on held-out windows of its choosing. Integrity: the same GPT freshly initialised (std 0.02) must
score near ln(50304) ≈ 10.8 there, far from the goal (else the evaluation is broken: an error)."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.gpt2 import GPT, TRAIN_FLOOR, TRAIN_GOAL, config_of, held_out_loss, training_split, weights
from grader.judge import error, failed, passed, scaled


_TRAINED: dict = {}     # one training per sandbox process: the public and hidden checks share it


@check(weight=4, given=training_split, case=dict(eval_seed=1))
def held_out_loss_after_training(sub, tokens, eval_seed):
    """(``eval_seed`` is the judge's: which held-out windows it scores.)"""
    if not _TRAINED:
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
        return failed(f"the trained weights do not fit GPT-2's names and shapes: {str(e).splitlines()[0][:300]}")
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
