"""The public checks of gpt2.hellaswag, on items the grader makes (HellaSwag's files are not
offline): random token ids for a context and four endings of different lengths, and for the
scoring random logits, 40 items at once. The grader scores every item itself, and also as the
classic slips would (every token counted, not just the ending's, the ending's loss summed, the logits not
shifted), so that a wrong pick is named by the slip it matches."""
from __future__ import annotations

import torch
from torch.nn import functional as F

from grader.check import check
from grader.checks.gpt2 import gen
from grader.judge import equal, failed, passed

VOCAB = 50


def item(seed: int) -> tuple[list[int], list[list[int]]]:
    g = gen(seed)
    n_ctx = int(torch.randint(3, 9, (), generator=g))
    ctx = torch.randint(1, VOCAB, (n_ctx,), generator=g).tolist()
    endings = [torch.randint(1, VOCAB, (int(torch.randint(1, 7, (), generator=g)),), generator=g).tolist()
               for _ in range(4)]
    return ctx, endings


def rendered(seed: int) -> tuple[torch.Tensor, torch.Tensor]:
    ctx, endings = item(seed)
    L = len(ctx) + max(len(e) for e in endings)
    tokens, mask = torch.zeros(4, L, dtype=torch.long), torch.zeros(4, L, dtype=torch.long)
    for i, e in enumerate(endings):
        tokens[i, :len(ctx) + len(e)] = torch.tensor(ctx + e)
        mask[i, len(ctx):len(ctx) + len(e)] = 1
    return tokens, mask


def logits_for(seed: int, L: int) -> torch.Tensor:
    return 2 * torch.randn(4, L, VOCAB, generator=gen(seed + 7))


def pick(tokens, mask, logits, how: str = "") -> int:
    """The grader's scoring; ``how`` names a slip to score as it would."""
    if how == "unshifted":
        losses, m = F.cross_entropy(logits.transpose(1, 2), tokens, reduction="none"), mask
    else:
        losses, m = F.cross_entropy(logits[:, :-1].transpose(1, 2), tokens[:, 1:], reduction="none"), mask[:, 1:]
    if how == "not masked":
        m = torch.ones_like(m)
    total = (losses * m).sum(dim=1)
    return int((total if how == "summed" else total / m.sum(dim=1)).argmin())


SLIPS = {"not masked": "the context's (and the padding's) tokens are counted: average the loss over the ending's tokens only "
                            "(mask[..., 1:], the mask of the predicted tokens)",
         "summed": "the ending's losses are summed: average them (divide by the number of ending tokens), or a "
                   "long ending loses for its length",
         "unshifted": "the logits at position t predict token t + 1: compare logits[:, :-1] with tokens[:, 1:]"}


@check(weight=2, case=dict(seeds=list(range(100, 110))))
def render(sub, seeds):
    return [list(sub.render_example(*item(s))) for s in seeds]


@render.judge
def rows_padded_and_masked(got, seeds):
    for s, g in zip(seeds, got):
        ctx, endings = item(s)
        tokens, mask = rendered(s)
        what = f"render_example(a context of {len(ctx)} tokens, endings of {[len(e) for e in endings]} tokens)"
        if type(g[1]) is torch.Tensor and g[1].shape == mask.shape and bool(g[1][:, :len(ctx)].any()):
            return failed(f"{what}: the mask marks context tokens: only the ending's tokens are 1, the context "
                          f"is given, not predicted")
        v = equal(g[0], tokens, f"{what}: tokens") & equal(g[1], mask, f"{what}: mask")
        if not v:
            return v
    return passed()


@check(weight=3, case=dict(seeds=list(range(200, 240))))
def scoring(sub, seeds):
    picks = []
    for s in seeds:
        tokens, mask = rendered(s)
        picks.append(sub.get_most_likely_row(tokens, mask, logits_for(s, tokens.size(1))))
    return picks


@scoring.judge
def lowest_average_ending_loss(got, seeds):
    if any(type(p) is not int for p in got):
        return failed("get_most_likely_row should return a Python int (the row's index: .item())")
    items = [(rendered(s), logits_for(s, rendered(s)[0].size(1))) for s in seeds]
    want = [pick(t, m, lg) for (t, m), lg in items]
    wrong = sum(g != w for g, w in zip(got, want))
    if not wrong:
        return passed()
    for how, hint in SLIPS.items():
        if got == [pick(t, m, lg, how) for (t, m), lg in items]:
            return failed(f"{wrong} of {len(seeds)} items get another ending than the lowest average loss: {hint}")
    return failed(f"{wrong} of {len(seeds)} items get another ending than the one of lowest average loss over "
                  f"the ending's tokens")
