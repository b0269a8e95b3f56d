"""The public checks of lecture2.E05."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture2 import ce_probe, generator, judge_loss_grad, judge_stable


@check()
def manual_match(sub):
    logits = 2 * torch.randn((32, 27), generator=generator())
    ys = torch.randint(0, 27, (32,), generator=generator(1))
    return ce_probe(sub.manual_loss, logits, ys)


manual_match.judge(lambda got, want: judge_loss_grad(got, want, "manual_loss", wrt="logits"))


@check()
def ce_matches_manual(sub):
    logits = 2 * torch.randn((32, 27), generator=generator())
    ys = torch.randint(0, 27, (32,), generator=generator(1))
    return ce_probe(sub.ce_loss, logits, ys)


ce_matches_manual.judge(lambda got, want: judge_loss_grad(got, want, "ce_loss", wrt="logits"))


@check(weight=2)
def large_logits(sub):
    logits = 100 * torch.randn((32, 27), generator=generator(2))
    ys = torch.randint(0, 27, (32,), generator=generator(3))
    return ce_probe(sub.ce_loss, logits, ys)


large_logits.judge(lambda got, want: judge_stable(got, want, "ce_loss on logits ~100"))
