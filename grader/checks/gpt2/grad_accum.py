"""The public checks of gpt2.grad_accum: the learner's ``train_step`` on the grader's GPT, batches
and SGD optimizer, two steps, judged against the same two steps done here. Clipping at 1.0
hides a missing ``/ grad_accum_steps`` in the gradients (both are clipped to norm 1), so the
judge reads the norm before clipping that train_step returns, and the loss, first."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.gpt2 import SMALL, Batches, batches, filled, grads, judge_grads, ratio, sgd_steps
from grader.judge import close, failed, passed

LR = 0.05


def step_probe(sub, cfg: dict, seed: int, A: int, B: int, T: int, steps: int) -> dict:
    model = filled(cfg, seed)
    opt = torch.optim.SGD(model.parameters(), lr=LR)
    loader = Batches(batches(seed + 1, A * steps, B, T, cfg["vocab_size"]))
    out = []
    for _ in range(steps):
        loss, norm = sub.train_step(model, opt, loader, A)
        out.append({"loss": loss, "norm": norm, "grads": grads(model)})
    return {"steps": out}


@check(weight=3, case=dict(cfg=SMALL, seed=31, A=4, B=2, T=8, steps=2))
def accumulated(sub, cfg, seed, A, B, T, steps):
    return step_probe(sub, cfg, seed, A, B, T, steps)


@check(case=dict(cfg=SMALL, seed=32, A=1, B=4, T=8, steps=2))
def one_micro_step(sub, cfg, seed, A, B, T, steps):
    return step_probe(sub, cfg, seed, A, B, T, steps)


def as_one_batch(got, cfg, seed, A, B, T, steps):
    """Step by step: the loss, the norm before clipping, the clipped gradients (the previous step's
    SGD update shows in them)."""
    served = batches(seed + 1, A * steps, B, T, cfg["vocab_size"])
    want = sgd_steps(cfg, seed, [served[s * A:(s + 1) * A] for s in range(steps)], LR)
    for s, (g, w) in enumerate(zip(got["steps"], want)):
        what = f"train_step(grad_accum_steps={A}), step {s}"
        for key in ("loss", "norm"):
            if not isinstance(g[key], torch.Tensor) and not isinstance(g[key], float):
                return failed(f"{what}: the {key} should be a tensor, got {type(g[key]).__name__}")
        norm, loss = float(g["norm"]), float(g["loss"])
        if A > 1 and abs(ratio(norm, w["norm"]) - A) < 1e-3 * A:
            return failed(f"{what}: the gradient's norm is {norm:.4g}, {A} times the {float(w['norm']):.4g} of the "
                          f"whole batch: gradients add up over the micro-steps, so divide each micro-batch's loss "
                          f"by grad_accum_steps before backward()")
        if abs(norm - 1.0) < 1e-5 and abs(float(w["norm"]) - 1.0) > 1e-3:
            return failed(f"{what}: the returned norm is 1.0, the norm after clipping: return what "
                          f"clip_grad_norm_ returns, the norm before")
        if A > 1 and abs(ratio(loss, w["loss"]) - A) < 1e-3 * A:
            return failed(f"{what}: the returned loss is {loss:.4g}, the sum over the micro-steps: return their "
                          f"mean (add up each loss / grad_accum_steps, detached)")
        v = close(norm, float(w["norm"]), f"{what}: the norm before clipping", atol=1e-6, rtol=1e-4) & \
            close(loss, float(w["loss"]), f"{what}: the loss", atol=1e-6, rtol=1e-4)
        if not v:
            return v
        if abs(sum(float(x.norm()) ** 2 for x in g["grads"].values() if x is not None) ** 0.5 - norm) < 1e-3 * norm \
                and norm > 1.0 + 1e-3:
            return failed(f"{what}: the gradients were not clipped: torch.nn.utils.clip_grad_norm_("
                          f"model.parameters(), 1.0) before optimizer.step()")
        v = judge_grads(g["grads"], w["grads"], what)
        if not v:
            return v
    return passed()


accumulated.judge(as_one_batch)
one_micro_step.judge(as_one_batch)
