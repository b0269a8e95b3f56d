"""The public checks of lecture3.training. Each runs with the grader's own forward in place of the one
imported from the learner's mlp.py (judged there), on other block sizes and model sizes than the lecture's too."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from grader.check import check
from grader.checks.common import SEED, build_dataset, generator, some_names
from grader.checks.lecture3 import detached, floats, logits_of, make_params, own_mlp, scalar, split_loss
from grader.judge import Verdict, close, describe, failed, passed, true


def data(seed, sizes, n_words):
    return make_params(seed, *sizes), *build_dataset(some_names(n_words, seed), sizes[0])


@check(weight=2, case=dict(seed=51, sizes=(3, 10, 64), n_words=1000, steps=100, batch_size=24))
def lr_finder(sub, seed, sizes, n_words, steps, batch_size):
    ps, X, Y = data(seed, sizes, n_words)
    with own_mlp(sub):
        lrs, losses = sub.find_lr(ps, X, Y, generator(seed), steps=steps, batch_size=batch_size)
    return {"lrs": torch.as_tensor(floats(lrs), dtype=torch.float64) if not isinstance(floats(lrs), str)
            else floats(lrs), "losses": floats(losses), "params": detached(ps)}


@lr_finder.judge
def learning_rates_and_steps_equal_reference(got, want, steps):
    lrs = got["lrs"]
    expected = 10 ** torch.linspace(-3, 0, steps, dtype=torch.float64)
    verdict = close(lrs, expected, "lrs", atol=1e-6, rtol=1e-4) if type(lrs) is torch.Tensor else \
        failed(f"lrs should be 10**torch.linspace(-3, 0, steps), got {describe(lrs)}")
    return steps_match(got, want, steps, "find_lr") if verdict else verdict


def steps_match(got: dict, want: dict, steps: int, what: str) -> Verdict:
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


@check(weight=2, case=dict(seed=52, sizes=(2, 12, 64), n_words=1000, steps=200, lr=0.2, batch_size=20))
def minibatch(sub, seed, sizes, n_words, steps, lr, batch_size):
    ps, X, Y = data(seed, sizes, n_words)
    with own_mlp(sub):
        losses = sub.train(ps, X, Y, generator(seed), steps=steps, lr=lr, batch_size=batch_size)
    return {"losses": floats(losses), "params": detached(ps)}


@minibatch.judge
def training_run_equals_reference(got, want, steps, seed, sizes, n_words):
    verdict = steps_match(got, want, steps, "train")
    if verdict:     # the grader's own loss of the returned parameters, on all of the examples
        words = some_names(n_words, seed)
        start, end = split_loss(make_params(seed, *sizes), words), split_loss(got["params"], words)
        verdict = true(end < start, f"the trained parameters' loss ({end:.4f}) is not below the start's ({start:.4f})")
    return verdict


@check(case=dict(seed=53, sizes=(5, 6, 64), n_words=3000))
def evaluate(sub, seed, sizes, n_words):
    ps, X, Y = data(seed, sizes, n_words)
    with own_mlp(sub):
        loss = sub.evaluate(ps, X, Y)
    return {"loss": scalar(loss), "grads": [p.grad is not None for p in ps]}


@evaluate.judge
def loss_equals_the_graders(got, seed, sizes, n_words):
    want = split_loss(make_params(seed, *sizes), some_names(n_words, seed))
    return close(got["loss"], want, "evaluate", atol=1e-4, rtol=0) & \
        true(not any(got["grads"]), "evaluate should not compute gradients (torch.no_grad(), no backward)")


@check(case=dict(seed=54, sizes=(2, 10, 64), gen_seed=SEED + 10, n=15))
def sampling(sub, seed, sizes, gen_seed, n):
    ps, X, Y = data(seed, sizes, 2000)
    g = generator(seed)
    for _ in range(300):          # a few quick steps of the grader's own training, so the names look like names
        ix = torch.randint(0, X.shape[0], (64,), generator=g)
        loss = F.cross_entropy(logits_of(ps, X[ix]), Y[ix])
        for p in ps:
            p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in ps:
                p -= 0.2 * p.grad
    torch.manual_seed(1)                 # a learner who forgets generator=g draws from here
    with own_mlp(sub):
        return {"names": sub.sample(ps, generator(gen_seed), n=n, block_size=sizes[0])}


@sampling.judge
def names_equal_reference(got, want, sizes):
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
            return failed(f"name {i} is {g!r}, which is not what this generator gives (block_size {sizes[0]}): "
                          f"start from [0] * block_size and draw with torch.multinomial(probs, num_samples=1, "
                          f"generator=g)")
    return passed()
