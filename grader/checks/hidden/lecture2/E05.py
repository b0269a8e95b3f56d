"""The hidden checks of lecture2.E05."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture2 import ce_probe, generator, judge_loss_grad, judge_stable


@check()
def manual_other(sub):
    logits = torch.randn((5, 10), generator=generator(11))
    ys = torch.tensor([0, 9, 3, 3, 7])
    return ce_probe(sub.manual_loss, logits, ys)


manual_other.judge(lambda got, want: judge_loss_grad(got, want, "manual_loss on 5 x 10 logits", wrt="logits"))


@check(weight=2)
def shifted_logits(sub):
    logits = torch.randn((16, 27), generator=generator(12))
    ys = torch.randint(0, 27, (16,), generator=generator(13))
    return {"up": ce_probe(sub.ce_loss, logits + 1000, ys), "down": ce_probe(sub.ce_loss, logits - 1000, ys)}


@shifted_logits.judge
def _(got, want):
    return judge_stable(got["up"], want["up"], "ce_loss on logits + 1000") & \
        judge_stable(got["down"], want["down"], "ce_loss on logits - 1000")
