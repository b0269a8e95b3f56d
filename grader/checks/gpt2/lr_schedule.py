"""The public checks of gpt2.lr_schedule: ``get_lr`` at every step from 0 to past ``max_steps``.
From the end of the warmup on the schedule is exact; the warmup itself only has to rise linearly
from near 0 to max_lr (``(it + 1) / warmup_steps``, ``it / warmup_steps`` and nanoGPT's
``(it + 1) / (warmup_steps + 1)`` all do)."""
from __future__ import annotations

import math

from grader.check import check
from grader.judge import failed, passed


@check(weight=2, case=dict(max_lr=6e-4, min_lr=6e-5, warmup_steps=10, max_steps=50))
def schedule(sub, max_lr, min_lr, warmup_steps, max_steps):
    return [sub.get_lr(it, max_lr=max_lr, min_lr=min_lr, warmup_steps=warmup_steps, max_steps=max_steps)
            for it in range(max_steps + 5)]


def cosine(it: int, max_lr: float, min_lr: float, warmup_steps: int, max_steps: int) -> float:
    if it > max_steps:
        return min_lr
    return min_lr + 0.5 * (1 + math.cos(math.pi * (it - warmup_steps) / (max_steps - warmup_steps))) * (max_lr - min_lr)


@schedule.judge
def warmup_then_cosine(got, max_lr, min_lr, warmup_steps, max_steps):
    lr = [float(x) for x in got]
    if lr[0] >= max_lr / 2:
        return failed(f"get_lr(0) is {lr[0]:.3g}, near the peak max_lr = {max_lr:g}: the warmup starts near 0 and "
                      f"rises linearly, max_lr * (it + 1) / warmup_steps")
    steps = [b - a for a, b in zip(lr[:warmup_steps], lr[1:warmup_steps])]
    if any(s <= 0 for s in steps) or max(steps) - min(steps) > 1e-9 * max_lr:
        return failed(f"during the warmup (steps 0 to {warmup_steps - 1}) the rate does not rise by equal steps: "
                      f"{[f'{x:.3g}' for x in lr[:warmup_steps]]}")
    if lr[warmup_steps - 1] > max_lr * (1 + 1e-9):
        return failed(f"get_lr({warmup_steps - 1}) is {lr[warmup_steps - 1]:.3g}, above max_lr = {max_lr:g}")
    for it in range(warmup_steps, len(lr)):
        want = cosine(it, max_lr, min_lr, warmup_steps, max_steps)
        if abs(lr[it] - want) > 1e-9 * max_lr:
            where = "after max_steps it stays at min_lr" if it > max_steps else \
                "from warmup_steps to max_steps it falls by a cosine from max_lr to min_lr"
            return failed(f"get_lr({it}) is {lr[it]:.6g}, expected {want:.6g}: {where}")
    return passed()
