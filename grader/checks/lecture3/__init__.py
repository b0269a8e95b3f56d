"""Lecture 3 (makemore: MLP): the public checks.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds what several of them, the hidden checks or the tests share.

The probes build their own inputs (names picked by a private RNG, parameters drawn
from a seeded generator by ``make_params``), so each check tests one function and a
mistake upstream doesn't cascade. Training exercises (E01, E03) work as every graded
training exercise of the course does:

- the probe calls the learner's ``init_model(g)``, keeps a copy of those parameters,
  then calls ``train_model(parameters, words, g)`` with the *training* words of a split;
  the exercise's ``timeout`` in course.yaml bounds that call;
- the judge, in the grader's process, rebuilds the split from the dataset itself and
  scores the returned parameters on the dev words with its own forward pass
  (:func:`split_loss`), never with a number the learner's code reports;
- credit scales from a floor to the goal (``grader.judge.scaled``);
- integrity: the parameters before training must not reach the goal (else no points:
  that was not training), and an ``integrity`` check shows the same for ``init_model``
  at other seeds and for fresh parameters of the learner's shapes.

The public checks use other sizes than the lecture's as well as its own, and the probes
of the exercises that build on mlp.py run with the grader's build_dataset and forward in
place of the learner's (:func:`own_mlp`). The hidden checks (grader/checks/hidden/lecture3/)
are the same probes and judges on other names, sizes and seeds (``CASES``), and, for the
training exercises, a split with a seed the learner's code doesn't know.
"""
from __future__ import annotations

import sys

import torch
import torch.nn.functional as F

from grader.checks.common import build_dataset, generator, split_names, swapped
from grader.judge import Verdict, describe, error, failed, passed, scaled

VOCAB = 27
MAX_PARAMS = 2_000_000                 # bigger models are not what E01/E03 are about


# --------------------------------------------------------------------------- helpers (both sides)

def make_params(seed, block_size: int, n_embd: int, n_hidden: int) -> list[torch.Tensor]:
    """A sensible starting point ``[C, W1, b1, W2, b2]`` for the checks' training runs."""
    g = generator(seed)
    fan_in = block_size * n_embd
    params = [torch.randn((VOCAB, n_embd), generator=g),
              torch.randn((fan_in, n_hidden), generator=g) * (5 / 3) / fan_in ** 0.5,
              torch.randn(n_hidden, generator=g) * 0.01,
              torch.randn((n_hidden, VOCAB), generator=g) * 0.1,
              torch.zeros(VOCAB)]
    for p in params:
        p.requires_grad = True
    return params


def logits_of(params: list[torch.Tensor], X: torch.Tensor) -> torch.Tensor:
    """The grader's forward pass: embedding, tanh layer, output layer, plus ``emb @ Wd`` when given."""
    C, W1, b1, W2, b2 = params[:5]
    emb = C[X].reshape(X.shape[0], -1)
    out = torch.tanh(emb @ W1 + b1) @ W2 + b2
    if len(params) > 5:
        out = out + emb @ params[5]
    return out


@torch.no_grad()
def split_loss(params: list[torch.Tensor], words: list[str]) -> float:
    """Mean cross-entropy of ``params`` over every example of ``words``, in chunks, in float32."""
    params = [p.detach().float() for p in params]
    X, Y = build_dataset(words, params[1].shape[0] // params[0].shape[1])
    total = 0.0
    for i in range(0, len(X), 8192):
        total += F.cross_entropy(logits_of(params, X[i:i + 8192]), Y[i:i + 8192], reduction="sum").item()
    return total / len(X)


def detached(params) -> list | str:
    """The learner's parameter list as plain float32 tensors (copies), or why it isn't one."""
    if not isinstance(params, (list, tuple)):
        return f"expected a list of tensors [C, W1, b1, W2, b2], got {describe(params)}"
    if not all(isinstance(p, torch.Tensor) for p in params):
        return f"expected a list of tensors, got {[type(p).__name__ for p in params]}"
    return [p.detach().float().clone() for p in params]


def scalar(x):
    """A learner's number (a float, or a one-element tensor) as a float; else a description."""
    if isinstance(x, torch.Tensor) and x.numel() == 1:
        return float(x.item())
    if type(x) in (int, float):
        return float(x)
    return describe(x)


def floats(xs) -> list | str:
    try:
        return [float(x) for x in xs]
    except (TypeError, ValueError):
        return f"<{describe(xs)}>"


# --------------------------------------------------------------------------- judge helpers

def shape_problem(params, direct: bool = False) -> str:
    """'' if ``params`` are the lecture's family of shapes (plus Wd with ``direct``), else why not."""
    n = 6 if direct else 5
    names_ = "[C, W1, b1, W2, b2, Wd]" if direct else "[C, W1, b1, W2, b2]"
    if isinstance(params, str):
        return params
    if type(params) is not list or len(params) != n or not all(type(p) is torch.Tensor for p in params):
        return f"expected the list {names_}, got {describe(params)}"
    C, W1, b1, W2, b2 = params[:5]
    if C.dim() != 2 or C.shape[0] != VOCAB:
        return f"C should be ({VOCAB}, n_embd), got {tuple(C.shape)}"
    n_embd = C.shape[1]
    if W1.dim() != 2 or n_embd == 0 or W1.shape[0] % n_embd or W1.shape[0] == 0:
        return f"W1 should be (block_size * n_embd, n_hidden) with n_embd = {n_embd}, got {tuple(W1.shape)}"
    n_hidden = W1.shape[1]
    want = {"b1": (n_hidden,), "W2": (n_hidden, VOCAB), "b2": (VOCAB,)}
    for name, p in zip(("b1", "W2", "b2"), (b1, W2, b2)):
        if tuple(p.shape) != want[name]:
            return f"{name} should be {want[name]}, got {tuple(p.shape)}"
    if direct and tuple(params[5].shape) != (W1.shape[0], VOCAB):
        return f"Wd should be (block_size * n_embd, {VOCAB}) = {(W1.shape[0], VOCAB)}, got {tuple(params[5].shape)}"
    if sum(p.numel() for p in params) > MAX_PARAMS:
        return f"the model has {sum(p.numel() for p in params):,} parameters; keep it under {MAX_PARAMS:,}"
    if not all(torch.isfinite(p).all() for p in params):
        return "some parameters are NaN or infinite: lower the learning rate"
    return ""


def judge_trained(got: dict, dev: list[str], goal: float, floor: float, direct: bool = False) -> Verdict:
    """A training check: the dev loss of the trained parameters, gated by the untrained ones'."""
    for key in ("trained", "initial"):
        problem = shape_problem(got[key], direct)
        if problem:
            what = "train_model returned" if key == "trained" else "init_model returned"
            return failed(f"{what} parameters the grader cannot use: {problem}")
    before = split_loss(got["initial"], dev)
    if before <= goal:
        return failed(f"the parameters from init_model already reach a dev loss of {before:.4f} before "
                      f"train_model runs: the points are for training, not for parameters made elsewhere")
    loss = split_loss(got["trained"], dev)
    verdict = scaled(loss, floor, goal, "the dev loss of your trained model")
    if direct and verdict.fraction > 0:
        ablated = split_loss(got["trained"][:5] + [torch.zeros_like(got["trained"][5])], dev)
        if not ablated > loss + 0.01:
            return failed(f"with Wd set to zero the dev loss is {ablated:.4f}, against {loss:.4f} with it: "
                          f"the direct connections must carry part of the prediction")
    if verdict.fraction == 1.0:
        return passed(f"the dev loss of your trained model is {loss:.4f} (full points below {goal:g}; "
                      f"{before:.4f} before training)")
    return verdict


def judge_integrity(got: dict, dev: list[str], goal: float, direct: bool = False) -> Verdict:
    """Parameters nobody trained (init_model at other seeds, fresh ones of the same shapes) must fail."""
    verdict = passed()
    for i, params in enumerate(got["inits"]):
        problem = shape_problem(params, direct)
        if problem:
            return failed(f"init_model returned parameters the grader cannot use: {problem}")
        loss = split_loss(params, dev)
        if loss <= goal:
            verdict &= failed(f"init_model (generator seed {i}) gives a dev loss of {loss:.4f} without any "
                              f"training: the threshold is for trained parameters")
    shapes = [p.shape for p in got["inits"][0]]
    g = generator(0)
    fresh = [torch.randn(s, generator=g) * (0.01 if i >= 3 else 1.0 if i == 0 else 0.1) for i, s in enumerate(shapes)]
    if split_loss(fresh, dev) <= goal:
        return error("re-initialised parameters pass the threshold: the grader's evaluation is broken "
                     "(a course bug)")
    return verdict


def training_words(split_seed: int) -> dict:
    """A split's training words, made in the grader and handed to the probe (``given``): the
    child of a training check holds these and no other name, so dev and test stay unseen."""
    return {"words": split_names(split_seed)[0]}


def probe_trained(sub, words: list[str], g_seed: int) -> dict:
    """init_model, a copy of its parameters, then train_model on the training words it was given."""
    g = generator(g_seed)
    params = sub.init_model(g)
    initial = detached(params)
    with own_mlp(sub):
        trained = sub.train_model(params, words, g)
    return {"initial": initial, "trained": detached(trained)}


def own_mlp(sub):
    """Run ``sub`` with the grader's build_dataset and forward in place of those it imported from the learner's
    mlp.py (judged there), so that one slip costs one exercise. (``itos`` stays the learner's: only sampling
    shows it.)"""
    mlp = vars(sys.modules["mlp"]) if "mlp" in sys.modules else {}
    own = {"build_dataset": build_dataset, "forward": logits_of}
    return swapped(sub, **{name: value for name, value in own.items()
                           if name in mlp and vars(sub).get(name) is mlp[name]})


def probe_integrity(sub, seeds) -> dict:
    return {"inits": [detached(sub.init_model(generator(s))) for s in seeds]}


E01_GOAL, E01_FLOOR = 2.2, 2.5
E03_GOAL, E03_FLOOR = 2.17, 2.5
