"""The public checks of lecture2.E04."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import SEED
from grader.checks.lecture2 import generator, loss_matches_reference, loss_probe
from grader.judge import close, failed, passed
from grader.source import clean, report


ONE_HOT = ("torch.nn.functional.one_hot", ".one_hot")


# xs of any shape: W[xs] has xs's shape plus one dimension of 27
@check(case=dict(seed=SEED, shapes=((100,), (3, 5))))
def logits_match(sub, seed, shapes):
    W = torch.randn((27, 27), generator=generator(seed))
    return [sub.bigram_logits(W, torch.randint(0, 27, shape, generator=generator(i + 1))) for i, shape in
            enumerate(shapes)]


@logits_match.judge
def logits_match_reference(got, want, shapes):
    verdict = passed()
    for g, w, shape in zip(got, want, shapes):
        verdict &= close(g, w, f"bigram_logits of xs of shape {shape}", atol=1e-6)
    return verdict


@check(case=dict(fn="bigram_loss", n=2, words=(200, 81), scale=1.0, seed=SEED, regs=(0.0, 0.05)))
def gradient_match(sub, **case):
    return loss_probe(sub, **case)


gradient_match.judge(loss_matches_reference)


@check(source=True)
def no_one_hot(src):
    """From the learner's file, in the grader: bigram_logits and bigram_loss name no one_hot, and the
    file reaches nothing by a computed name (which could fetch it unnamed)."""
    return report(src, src.forbidden(ONE_HOT, ("bigram_logits", "bigram_loss"), "index the rows of W instead"),
                  src.dynamic())


@no_one_hot.judge
def one_hot_never_called(got):
    return clean(got)


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
def unpicked_rows_stay_out(got, want):
    logits = got["logits"]
    if type(logits) is torch.Tensor and logits.shape == want["logits"].shape and logits.is_floating_point() \
            and torch.isnan(logits).all():
        return failed("with NaN in the rows of W that xs never picks, every logit is NaN: the logits mix in every "
                      "row of W (a one-hot product: 0 * NaN is NaN); pick the rows of W with W[xs] instead")
    return close(logits, want["logits"], "bigram_logits with NaN in rows xs never picks", atol=1e-6)
