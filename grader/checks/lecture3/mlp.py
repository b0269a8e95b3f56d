"""The public checks of lecture3.mlp: other block sizes and model sizes than the lecture's too,
so that sizes copied from the lecture (27, 3, 10, 200, ``view(-1, 30)``) show here, not only in
the hidden checks."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import SEED, attempt, build_dataset, generator, names, raised, some_names
from grader.checks.lecture3 import detached, logits_of, make_params
from grader.judge import Verdict, close, describe, equal, failed, passed, tensor


@check(weight=2, case=dict(block_sizes=(3, 5), seed=31))
def build(sub, block_sizes, seed):
    words = names()[:5] + some_names(300, seed)
    return [attempt(lambda b: dict(zip("XY", sub.build_dataset(words, b))), b) for b in block_sizes]


@build.judge
def datasets_equal_reference(got, want, block_sizes):
    for g, w, block_size in zip(got, want, block_sizes):
        verdict = dataset_matches(g, w, block_size)
        if not verdict:
            return verdict
    return passed()


def dataset_matches(got, want, block_size: int) -> Verdict:
    if raised(got):
        return failed(f"build_dataset(words, {block_size}) raised {raised(got)}: take block_size from the argument")
    X, Y = got["X"], got["Y"]
    if type(X) is torch.Tensor and X.dim() == 2 and X.shape[1] != block_size:
        return failed(f"build_dataset(words, {block_size}) gives X of shape {tuple(X.shape)}: a row holds "
                      f"block_size indices; take block_size from the argument")
    verdict = tensor(X, want["X"], f"X (block_size={block_size})") & tensor(Y, want["Y"], "Y")
    if not verdict:
        if type(X) is torch.Tensor and X.dim() == 2 and X.shape[0] != want["X"].shape[0]:
            return failed(f"X has {X.shape[0]} rows, expected {want['X'].shape[0]}: every word gives "
                          f"len(word) + 1 examples, the last one predicting '.'")
        return verdict
    if not torch.equal(X[0], torch.zeros(block_size, dtype=torch.int64)):
        return failed(f"the first context is {X[0].tolist()}: every word starts from [0] * block_size")
    verdict = equal(X, want["X"], "X") & equal(Y, want["Y"], "Y")
    if not verdict:
        return Verdict(0.0, verdict.feedback[:1] + (
            "a row of X is the last block_size indices, oldest first, and Y the index that follows: after "
            "each character, context = context[1:] + [ix]",))
    return verdict


@check(case=dict(seed=SEED, sizes=(2, 12, 64)))
def params(sub, seed, sizes):
    block_size, n_embd, n_hidden = sizes
    runs = {"lecture": lambda: sub.init_params(generator(seed)),
            "other": lambda: sub.init_params(generator(seed + 1), block_size=block_size, n_embd=n_embd,
                                           n_hidden=n_hidden)}
    out = {}
    for key, run in runs.items():
        ps = attempt(run)
        out[key] = {"params": detached(ps) if isinstance(ps, list) else raised(ps) or describe(ps),
                    "requires_grad": [bool(getattr(p, "requires_grad", False)) for p in ps]
                    if isinstance(ps, list) else []}
    return out


@params.judge
def parameters_equal_reference(got, want, sizes):
    for key, what in (("lecture", "init_params(g)"), ("other", "init_params(g, block_size={}, n_embd={}, "
                                                             "n_hidden={})".format(*sizes))):
        got_params, want_params = got[key]["params"], want[key]["params"]
        if type(got_params) is not list or len(got_params) != 5:
            return failed(f"{what} should return [C, W1, b1, W2, b2], got {got_params}" +
                          ("" if key == "lecture" else ": take the shapes from the arguments"))
        for name, g, w in zip(("C", "W1", "b1", "W2", "b2"), got_params, want_params):
            verdict = tensor(g, w, f"{what}: {name}")
            if not verdict:
                return verdict if key == "lecture" else failed(verdict.feedback[0] + ": take the shapes from the "
                                                                                     "arguments")
            verdict = close(g, w, f"{what}: {name}", atol=0, rtol=0)
            if not verdict:
                return Verdict(0.0, verdict.feedback[:1] + (
                    "draw C, W1, b1, W2, b2 in that order, each with torch.randn(shape, generator=g), unscaled",))
        if key == "lecture" and sum(p.numel() for p in got_params) != 11897:
            return failed(f"{sum(p.numel() for p in got_params)} parameters, expected 11897")
        if got[key]["requires_grad"] != [True] * 5:
            return failed("set requires_grad = True on every parameter")
    return passed()


@check(weight=2, case=dict(sizes=(((3, 10, 200), 41), ((4, 6, 50), 42))))
def forward(sub, sizes):
    out = []
    for (block_size, n_embd, n_hidden), seed in sizes:
        X, _ = build_dataset(some_names(50, seed), block_size)
        out.append(attempt(sub.forward, make_params(seed, block_size, n_embd, n_hidden), X))
    return out


@forward.judge
def logits_equal_the_graders(got, sizes):
    verdict = passed()
    for logits, ((block_size, n_embd, n_hidden), seed) in zip(got, sizes):
        X, _ = build_dataset(some_names(50, seed), block_size)
        want = logits_of(make_params(seed, block_size, n_embd, n_hidden), X).detach()
        what = f"logits (block_size {block_size}, n_embd {n_embd}, n_hidden {n_hidden})"
        if raised(logits) or type(logits) is torch.Tensor and logits.numel() != want.numel():
            found = f"raised {raised(logits)}" if raised(logits) else f"gave shape {tuple(logits.shape)}"
            verdict &= failed(f"{what}: forward {found}; emb = C[X] is (N, block_size, n_embd): view it as "
                              f"(N, block_size * n_embd) from the tensors' own sizes, not the lecture's 30")
        else:
            verdict &= close(logits.detach() if type(logits) is torch.Tensor else logits, want, what, atol=1e-5,
                             rtol=1e-4)
    return verdict
