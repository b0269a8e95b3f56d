"""The hidden checks of lecture2.E04."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture2 import generator, judge_loss_grad, loss_and_grad, pairs, some_names
from grader.judge import close


@check()
def logits_2d(sub):
    W = torch.randn((27, 27), generator=generator(5))
    xs = torch.randint(0, 27, (4, 6), generator=generator(6))
    return {"logits": sub.bigram_logits(W, xs)}


logits_2d.judge(lambda got, want: close(got["logits"], want["logits"], "bigram_logits of 2-D xs", atol=1e-6))


@check()
def gradient_other(sub):
    xs, ys = pairs(some_names(100, 161) + ["aaaa"])
    W = 2 * torch.randn((27, 27), generator=generator(8))
    return loss_and_grad(lambda W: sub.bigram_loss(W, xs, ys, reg=0.1), W)


gradient_other.judge(lambda got, want: judge_loss_grad(got, want, "bigram_loss with reg=0.1"))
