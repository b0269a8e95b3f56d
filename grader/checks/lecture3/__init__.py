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

The hidden checks (grader/checks/hidden/lecture3/) use other names, sizes, seeds and a
split with a seed the learner's code doesn't know.
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from grader.checks.common import STOI, names, some_names, split
from grader.judge import Verdict, close, describe, equal, error, failed, passed, scaled, tensor, true

VOCAB = 27
MAX_PARAMS = 2_000_000                 # bigger models are not what E01/E03 are about


# --------------------------------------------------------------------------- helpers (both sides)

def dataset(words: list[str], block_size: int) -> tuple[torch.Tensor, torch.Tensor]:
    """The grader's own build_dataset."""
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + ".":
            X.append(context)
            Y.append(STOI[ch])
            context = context[1:] + [STOI[ch]]
    return torch.tensor(X, dtype=torch.int64).view(-1, block_size), torch.tensor(Y, dtype=torch.int64)


def make_params(seed, block_size: int, n_embd: int, n_hidden: int) -> list[torch.Tensor]:
    """A sensible starting point ``[C, W1, b1, W2, b2]`` for the checks' training runs."""
    g = torch.Generator().manual_seed(seed)
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
    X, Y = dataset(words, params[1].shape[0] // params[0].shape[1])
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
    g = torch.Generator().manual_seed(0)
    fresh = [torch.randn(s, generator=g) * (0.01 if i >= 3 else 1.0 if i == 0 else 0.1) for i, s in enumerate(shapes)]
    if split_loss(fresh, dev) <= goal:
        return error("re-initialised parameters pass the threshold: the grader's evaluation is broken "
                     "(a course bug)")
    return verdict


def split_words(seed: int) -> tuple[list[str], list[str], list[str]]:
    return split(names(), seed)


def training_words(split_seed: int) -> dict:
    """A split's training words, made in the grader and handed to the probe (``given``): the
    child of a training check holds these and no other name, so dev and test stay unseen."""
    return {"words": split_words(split_seed)[0]}


def probe_trained(sub, words: list[str], g_seed: int) -> dict:
    """init_model, a copy of its parameters, then train_model on the training words it was given."""
    g = torch.Generator().manual_seed(g_seed)
    params = sub.init_model(g)
    initial = detached(params)
    trained = sub.train_model(params, words, g)
    return {"initial": initial, "trained": detached(trained)}


def probe_integrity(sub, seeds) -> dict:
    return {"inits": [detached(sub.init_model(torch.Generator().manual_seed(s))) for s in seeds]}


# =========================================================================== lecture3.mlp

def judge_dataset(got: dict, want: dict, block_size: int) -> Verdict:
    X, Y = got["X"], got["Y"]
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


def judge_params(got: dict, want: dict, count: int | None = None) -> Verdict:
    params = got["params"]
    if type(params) is not list or len(params) != 5:
        return failed(f"init_params should return [C, W1, b1, W2, b2], got {describe(params)}")
    verdict = passed()
    for name, g, w in zip(("C", "W1", "b1", "W2", "b2"), params, want["params"]):
        v = tensor(g, w, name)
        if not v:
            return v
        verdict &= close(g, w, name, atol=0, rtol=0)
    if not verdict:
        return Verdict(0.0, verdict.feedback[:1] + (
            "draw C, W1, b1, W2, b2 in that order, each with torch.randn(shape, generator=g), unscaled",))
    if count is not None and sum(p.numel() for p in params) != count:
        return failed(f"{sum(p.numel() for p in params)} parameters, expected {count}")
    return verdict & true(got["requires_grad"] == [True] * 5, "set requires_grad = True on every parameter")


def probe_forward(sub, sizes, seed) -> dict:
    block_size, n_embd, n_hidden = sizes
    ps = make_params(seed, block_size, n_embd, n_hidden)
    X, _ = dataset(some_names(50, seed), block_size)
    return {"logits": sub.forward(ps, X)}


def judge_forward(got, sizes, seed) -> Verdict:
    block_size, n_embd, n_hidden = sizes
    X, _ = dataset(some_names(50, seed), block_size)
    want = logits_of(make_params(seed, *sizes), X).detach()
    what = f"logits (block_size {block_size}, n_embd {n_embd}, n_hidden {n_hidden})"
    if type(got) is torch.Tensor and got.shape != want.shape and got.numel() != want.numel():
        return failed(f"{what}: expected shape {tuple(want.shape)}, got {tuple(got.shape)}; emb = C[X] is "
                      f"(N, block_size, n_embd): view it as (N, block_size * n_embd)")
    return close(got.detach() if type(got) is torch.Tensor else got, want, what, atol=1e-5, rtol=1e-4)


# =========================================================================== lecture3.training

def probe_find_lr(sub, seed, sizes, n_words, steps, batch_size) -> dict:
    ps = make_params(seed, *sizes)
    X, Y = dataset(some_names(n_words, seed), sizes[0])
    lrs, losses = sub.find_lr(ps, X, Y, torch.Generator().manual_seed(seed), steps=steps, batch_size=batch_size)
    return {"lrs": torch.as_tensor(floats(lrs), dtype=torch.float64) if not isinstance(floats(lrs), str)
            else floats(lrs),
            "losses": floats(losses), "params": detached(ps)}


def judge_steps(got: dict, want: dict, steps: int, what: str) -> Verdict:
    """Losses and final parameters of a minibatch run, against the reference's run from the same g."""
    losses = got["losses"]
    if type(losses) is not list or len(losses) != steps:
        return failed(f"{what} should return a list of {steps} losses, got {describe(losses)}")
    if abs(losses[0] - want["losses"][0]) > 1e-4:
        return failed(f"{what}: the first loss is {losses[0]:.5f}, expected {want['losses'][0]:.5f}: draw the "
                      f"minibatch with torch.randint(0, X.shape[0], (batch_size,), generator=g) and score it "
                      f"with F.cross_entropy(forward(parameters, X[ix]), Y[ix])")
    bad = [i for i, (a, b) in enumerate(zip(losses, want["losses"])) if not abs(a - b) <= 2e-3]
    if bad:
        i = bad[0]
        return failed(f"{what}: the loss of step {i} is {losses[i]:.5f}, expected {want['losses'][i]:.5f} (the "
                      f"steps before it agree): every step draws a new minibatch from g, resets every p.grad "
                      f"to None before backward(), then does p.data += -lr * p.grad with this step's lr")
    verdict = passed()
    for name, g, w in zip(("C", "W1", "b1", "W2", "b2"), got["params"], want["params"]):
        verdict &= close(g, w, f"{name} after {what}", atol=2e-3, rtol=1e-3)
    return verdict


def judge_find_lr(got, want, steps: int) -> Verdict:
    lrs = got["lrs"]
    expected = 10 ** torch.linspace(-3, 0, steps, dtype=torch.float64)
    verdict = close(lrs, expected, "lrs", atol=1e-6, rtol=1e-4) if type(lrs) is torch.Tensor else \
        failed(f"lrs should be 10**torch.linspace(-3, 0, steps), got {describe(lrs)}")
    if not verdict:
        return verdict
    return judge_steps(got, want, steps, "find_lr")


def probe_train(sub, seed, sizes, n_words, steps, lr, batch_size) -> dict:
    ps = make_params(seed, *sizes)
    X, Y = dataset(some_names(n_words, seed), sizes[0])
    losses = sub.train(ps, X, Y, torch.Generator().manual_seed(seed), steps=steps, lr=lr, batch_size=batch_size)
    return {"losses": floats(losses), "params": detached(ps), "words": n_words}


def judge_train(got, want, steps: int, seed, sizes, n_words) -> Verdict:
    verdict = judge_steps(got, want, steps, "train")
    if verdict:
        # the grader's own loss of the returned parameters, on all of the examples
        words = some_names(n_words, seed)
        start = split_loss(make_params(seed, *sizes), words)
        end = split_loss(got["params"], words)
        verdict = true(end < start, f"the trained parameters' loss ({end:.4f}) is not below the start's ({start:.4f})")
    return verdict


def probe_evaluate(sub, seed, sizes, n_words) -> dict:
    ps = make_params(seed, *sizes)
    X, Y = dataset(some_names(n_words, seed), sizes[0])
    loss = sub.evaluate(ps, X, Y)
    return {"loss": scalar(loss), "grads": [p.grad is not None for p in ps]}


def judge_evaluate(got, seed, sizes, n_words) -> Verdict:
    want = split_loss(make_params(seed, *sizes), some_names(n_words, seed))
    return close(got["loss"], want, "evaluate", atol=1e-4, rtol=0) & \
        true(not any(got["grads"]), "evaluate should not compute gradients (torch.no_grad(), no backward)")


def probe_sample(sub, seed, sizes, gen_seed, n) -> dict:
    ps = make_params(seed, *sizes)
    # a few quick steps of the grader's own training, so the names look like names
    X, Y = dataset(some_names(2000, seed), sizes[0])
    g = torch.Generator().manual_seed(seed)
    for _ in range(300):
        ix = torch.randint(0, X.shape[0], (64,), generator=g)
        loss = F.cross_entropy(logits_of(ps, X[ix]), Y[ix])
        for p in ps:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in ps:
                p -= 0.2 * p.grad
    torch.manual_seed(1)                 # a learner who forgets generator=g draws from here
    return {"names": sub.sample(ps, torch.Generator().manual_seed(gen_seed), n=n, block_size=sizes[0])}


def judge_sample(got, want) -> Verdict:
    names_ = got["names"]
    if type(names_) is not list or not all(type(s) is str for s in names_):
        return failed(f"sample should return a list of strings, got {describe(names_)}")
    if len(names_) != len(want["names"]):
        return failed(f"sample(n={len(want['names'])}) returned {len(names_)} names")
    unfinished = [s for s in names_ if not s.endswith(".")]
    if unfinished:
        return failed(f"{unfinished[0]!r} doesn't end with '.': a name ends when ix 0 is drawn (keep it)")
    for i, (g, w) in enumerate(zip(names_, want["names"])):
        if g != w:
            return failed(f"name {i} is {g!r}, which is not what this generator gives: start from [0] * "
                          f"block_size and draw with torch.multinomial(probs, num_samples=1, generator=g)")
    return passed()


# =========================================================================== lecture3.E01

E01_GOAL, E01_FLOOR = 2.2, 2.5


def judge_uniform(got, vocab_size: int) -> Verdict:
    return close(got["loss"], -math.log(1 / vocab_size), f"uniform_loss({vocab_size})", atol=1e-6, rtol=0)


def probe_near_uniform(sub, seed, sizes) -> dict:
    block_size, n_embd, n_hidden = sizes
    ps = sub.init_params_near_uniform(torch.Generator().manual_seed(seed), block_size=block_size,
                                      n_embd=n_embd, n_hidden=n_hidden)
    return {"params": detached(ps)}


def judge_near_uniform(got, sizes, margin: float = 0.1) -> Verdict:
    params = got["params"]
    problem = shape_problem(params)
    if problem:
        return failed(f"init_params_near_uniform: {problem}")
    block_size, n_embd, n_hidden = sizes
    want = [(VOCAB, n_embd), (block_size * n_embd, n_hidden), (n_hidden,), (n_hidden, VOCAB), (VOCAB,)]
    if [tuple(p.shape) for p in params] != want:
        return failed(f"with block_size={block_size}, n_embd={n_embd}, n_hidden={n_hidden} the shapes should be "
                      f"{want}, got {[tuple(p.shape) for p in params]}")
    C, W1 = params[0], params[1]
    if not (C.std() > 1e-3 and W1.std() > 1e-3):
        return failed("C and W1 should stay random (not constant or zero): with equal embeddings or weights "
                      "every hidden unit computes the same thing")
    train, _, _ = split_words(42)
    loss = split_loss(params, train)
    uniform_ = math.log(VOCAB)
    verdict = scaled(abs(loss - uniform_), 1.0, margin, f"|initial loss - uniform loss| (initial loss {loss:.4f})")
    if not verdict:
        return Verdict(verdict.fraction, verdict.feedback + (
            "the logits start near equal when the output layer is small: scale W2 down and start b2 at 0",))
    return verdict


# =========================================================================== lecture3.E03

E03_GOAL, E03_FLOOR = 2.17, 2.5
