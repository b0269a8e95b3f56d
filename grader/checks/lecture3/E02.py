"""The public checks of lecture3.E02: other vocabulary and model sizes than the lecture's too."""
from __future__ import annotations

import math

from grader.check import check
from grader.checks.common import SEED, attempt, generator, raised, split_names
from grader.checks.lecture3 import VOCAB, detached, scalar, shape_problem, split_loss
from grader.judge import Verdict, close, failed, passed, scaled


@check(case=dict(vocab_sizes=(27, 50)))
def uniform(sub, vocab_sizes):
    return [scalar(sub.uniform_loss(v)) for v in vocab_sizes]


@uniform.judge
def loss_is_minus_log_one_over_vocab(got, vocab_sizes):
    verdict = passed()
    for loss, v in zip(got, vocab_sizes):
        if v != VOCAB and type(loss) is float and abs(loss - math.log(VOCAB)) < 1e-6:
            verdict &= failed(f"uniform_loss({v}) gives -log(1/{VOCAB}), the names' value: use vocab_size")
        else:
            verdict &= close(loss, -math.log(1 / v), f"uniform_loss({v})", atol=1e-6, rtol=0)
    return verdict


@check(weight=2, case=dict(seed=SEED, sizes=(2, 12, 150)))
def near_uniform(sub, seed, sizes):
    block_size, n_embd, n_hidden = sizes
    ps = attempt(sub.init_params_near_uniform, generator(seed), block_size=block_size, n_embd=n_embd,
                 n_hidden=n_hidden)
    return {"params": raised(ps) or detached(ps)}


@near_uniform.judge
def initial_loss_near_uniform(got, sizes, margin: float = 0.1):
    params = got["params"]
    block_size, n_embd, n_hidden = sizes
    want = [(VOCAB, n_embd), (block_size * n_embd, n_hidden), (n_hidden,), (n_hidden, VOCAB), (VOCAB,)]
    if type(params) is not list or [tuple(p.shape) for p in params] != want:
        found = (f"raised {params}" if type(params) is str else
                 f"gave {[tuple(p.shape) for p in params] if type(params) is list else params}")
        return failed(f"init_params_near_uniform(g, block_size={block_size}, n_embd={n_embd}, n_hidden={n_hidden}) "
                      f"{found}; the shapes should be {want}: take them from the arguments")
    problem = shape_problem(params)
    if problem:
        return failed(f"init_params_near_uniform: {problem}")
    C, W1 = params[0], params[1]
    if not (C.std() > 1e-3 and W1.std() > 1e-3):
        return failed("C and W1 should stay random (not constant or zero): with equal embeddings or weights "
                      "every hidden unit computes the same thing")
    loss = split_loss(params, split_names(42)[0])
    verdict = scaled(abs(loss - math.log(VOCAB)), 1.0, margin,
                     f"|initial loss - uniform loss| (initial loss {loss:.4f})")
    if not verdict:
        return Verdict(verdict.fraction, verdict.feedback + (
            "the logits start near equal when the output layer is small: scale W2 down and start b2 at 0",))
    return verdict
