"""The public checks of lecture2.E04."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import some_names
from grader.checks.lecture2 import generator, judge_loss_grad, loss_and_grad, pairs
from grader.judge import close, failed
from grader.source import clean, report


ONE_HOT = ("torch.nn.functional.one_hot", ".one_hot")


@check()
def logits_match(sub):
    W = torch.randn((27, 27), generator=generator())
    xs = torch.randint(0, 27, (100,), generator=generator(1))
    return {"logits": sub.bigram_logits(W, xs)}


logits_match.judge(lambda got, want: close(got["logits"], want["logits"], "bigram_logits", atol=1e-6))


@check()
def gradient_match(sub):
    xs, ys = pairs(some_names(200, 81))
    W = torch.randn((27, 27), generator=generator())
    return loss_and_grad(lambda W: sub.bigram_loss(W, xs, ys, reg=0.01), W)


gradient_match.judge(lambda got, want: judge_loss_grad(got, want, "bigram_loss"))


@check(source=True)
def no_one_hot(src):
    """From the learner's file, in the grader: bigram_logits and bigram_loss name no one_hot, and the
    file reaches nothing by a computed name (which could fetch it unnamed)."""
    return report(src, src.forbidden(ONE_HOT, ("bigram_logits", "bigram_loss"), "index the rows of W instead"),
                  src.dynamic())


no_one_hot.judge(lambda got, want: clean(got))


@check()
def rows_only(sub):
    """Data only indexing gets right: W's rows that xs never picks are NaN. ``W[xs]`` never reads them;
    a one-hot product (``onehot @ W``, ``torch.eye(27)[xs] @ W``) multiplies them by zero, and
    0 * NaN is NaN in every logit."""
    W = torch.randn((27, 27), generator=generator(3))
    W[20:] = float("nan")
    xs = torch.randint(0, 20, (64,), generator=generator(4))
    return {"logits": sub.bigram_logits(W, xs)}


@rows_only.judge
def _(got, want):
    logits = got["logits"]
    if type(logits) is torch.Tensor and logits.shape == want["logits"].shape and logits.is_floating_point() \
            and torch.isnan(logits).all():
        return failed("with NaN in the rows of W that xs never picks, every logit is NaN: the logits mix in every "
                      "row of W (a one-hot product: 0 * NaN is NaN); pick the rows of W with W[xs] instead")
    return close(logits, want["logits"], "bigram_logits with NaN in rows xs never picks", atol=1e-6)
