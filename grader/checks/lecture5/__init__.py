"""Lecture 5 (becoming a backprop ninja): the public checks.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds what several of them, the hidden checks or the tests share.

No autograd: judged from the learner's source, in the grader. Each exercise has a
source check (``no_autograd``, a gate of weight 0) that reads backprop.py as the grader
read it and fails on any way to autograd in the exercise's function and what it reaches
(``backward``, ``torch.autograd``, ``torch.func``, ``.grad``, ``requires_grad_``, ...) and on
any dynamic access in the file (a computed ``getattr``, ``eval``, ``torch._C``, frames, ...):
while it fails, the exercise earns nothing, since gradients taken from autograd are right
and only the rule tells them apart. The probes still run the learner's code with autograd
switched off (grad mode disabled, ``backward()``/``torch.autograd.grad``/``torch.func``
replaced by stubs that record the call and stop it); that happens in the learner's
process, where it can be undone, so it only adds a line of feedback, never a point.
The truth each gradient is compared with is autograd's, computed by the grader's own copy
of the lecture's forward pass (the reference run's copy is the one the judge trusts).

ex1 is judged tensor by tensor like the lecture's ``cmp`` (exact / approximate / max
diff), with partial credit per gradient and feedback that names the first wrong one in
backward order. ex2 and ex3 must also be short: a source check (``one_expression``) counts
the operations written in the function (the references write 4 and 13, ex1's chain 28
and 27); the torch calls counted in the child are feedback only. ex4's trained parameters
are compared with an autograd-trained twin that starts from the same init and draws the
same minibatches. The hidden checks in grader/checks/hidden/lecture5/ use other sizes
and batches.
"""
from __future__ import annotations

from contextlib import contextmanager, nullcontext

import torch
import torch.autograd.functional
import torch.func
import torch.nn.functional as F

from grader.check import check
from grader.checks.common import CountCalls
from grader.checks.lecture4 import SEED, generator, some_data
from grader.judge import Verdict, close, describe, failed, passed, tensor
from grader.source import clean, report

PARAMS = ("C", "W1", "b1", "W2", "b2", "bngain", "bnbias")
GRADIENTS = ("dlogprobs", "dprobs", "dcounts_sum_inv", "dcounts_sum", "dcounts", "dnorm_logits", "dlogit_maxes",
             "dlogits", "dh", "dW2", "db2", "dhpreact", "dbngain", "dbnbias", "dbnraw", "dbnvar_inv", "dbnvar",
             "dbndiff2", "dbndiff", "dbnmeani", "dhprebn", "dembcat", "dW1", "db1", "demb", "dC")
CACHE = ("emb", "embcat", "hprebn", "bnmeani", "bndiff", "bndiff2", "bnvar", "bnvar_inv", "bnraw", "hpreact", "h",
         "logits", "logit_maxes", "norm_logits", "counts", "counts_sum", "counts_sum_inv", "probs", "logprobs")
RTOL, ATOL = 1e-5, 1e-7       # "approximate": torch.allclose as in cmp, atol a little wider for summation order
EX2_BUDGET, EX3_BUDGET = 16, 18   # torch calls (feedback only): the references make 6 and 12, ex1's chain 28, 21+
EX2_OPS, EX3_OPS = 12, 20         # operations written (source): the references write 4 and 13, ex1's chain 28, 27
# Every way to autograd a name can take: modules, the methods and attributes of the graph, grad mode.
AUTOGRAD = ("torch.autograd", "torch.func", "functorch", "torch.enable_grad", "torch.set_grad_enabled",
            "torch.inference_mode", ".backward", ".grad", ".grad_fn", ".next_functions", ".requires_grad_",
            ".retain_grad", ".register_hook", "requires_grad=")


# --------------------------------------------------------------------------- the lecture's network

def init_params(vocab_size=27, block_size=3, n_embd=10, n_hidden=64, seed=SEED) -> dict:
    """The lecture's init; bngain and bnbias come from the generator too (the lecture used the global RNG)."""
    g = generator(seed)
    fan_in = n_embd * block_size
    return {"C": torch.randn((vocab_size, n_embd), generator=g),
            "W1": torch.randn((fan_in, n_hidden), generator=g) * (5 / 3) / fan_in**0.5,
            "b1": torch.randn(n_hidden, generator=g) * 0.1,
            "W2": torch.randn((n_hidden, vocab_size), generator=g) * 0.1,
            "b2": torch.randn(vocab_size, generator=g) * 0.1,
            "bngain": torch.randn((1, n_hidden), generator=g) * 0.1 + 1.0,
            "bnbias": torch.randn((1, n_hidden), generator=g) * 0.1}


def forward(params: dict, Xb: torch.Tensor, Yb: torch.Tensor) -> dict:
    """The lecture's chunked forward pass (the grader's own copy)."""
    n = Xb.shape[0]
    c = {}
    c["emb"] = params["C"][Xb]
    c["embcat"] = c["emb"].view(n, -1)
    c["hprebn"] = c["embcat"] @ params["W1"] + params["b1"]
    c["bnmeani"] = 1 / n * c["hprebn"].sum(0, keepdim=True)
    c["bndiff"] = c["hprebn"] - c["bnmeani"]
    c["bndiff2"] = c["bndiff"] ** 2
    c["bnvar"] = 1 / (n - 1) * c["bndiff2"].sum(0, keepdim=True)
    c["bnvar_inv"] = (c["bnvar"] + 1e-5) ** -0.5
    c["bnraw"] = c["bndiff"] * c["bnvar_inv"]
    c["hpreact"] = params["bngain"] * c["bnraw"] + params["bnbias"]
    c["h"] = torch.tanh(c["hpreact"])
    c["logits"] = c["h"] @ params["W2"] + params["b2"]
    c["logit_maxes"] = c["logits"].max(1, keepdim=True).values
    c["norm_logits"] = c["logits"] - c["logit_maxes"]
    c["counts"] = c["norm_logits"].exp()
    c["counts_sum"] = c["counts"].sum(1, keepdims=True)
    c["counts_sum_inv"] = c["counts_sum"] ** -1
    c["probs"] = c["counts"] * c["counts_sum_inv"]
    c["logprobs"] = c["probs"].log()
    c["loss"] = -c["logprobs"][range(n), Yb].mean()
    return c


def autograd_gradients(params: dict, Xb, Yb) -> dict:
    """Every gradient of ex1 as autograd computes it: {"dlogprobs": logprobs.grad, ..., "dC": C.grad}."""
    with torch.enable_grad():
        leaves = {k: v.detach().clone().requires_grad_() for k, v in params.items()}
        c = forward(leaves, Xb, Yb)
        for k in CACHE:
            c[k].retain_grad()
        c["loss"].backward()
    out = {f"d{k}": c[k].grad for k in CACHE}
    out.update({f"d{k}": leaves[k].grad for k in PARAMS})
    return {name: out[name] for name in GRADIENTS}


def batch(n_words: int, batch_size: int, seed: int, block_size: int = 3):
    X, Y = some_data(n_words, start=seed % 5000, block_size=block_size)
    ix = torch.randint(0, X.shape[0], (batch_size,), generator=generator(seed))
    return X[ix], Y[ix]


def detached(d: dict) -> dict:
    return {k: v.detach().clone() for k, v in d.items() if isinstance(v, torch.Tensor)}


# --------------------------------------------------------------------------- autograd switched off

class AutogradBlocked(RuntimeError):
    pass


def _entries():
    entries = [(torch.Tensor, "backward", "Tensor.backward()"), (torch.autograd, "backward", "torch.autograd.backward"),
               (torch.autograd, "grad", "torch.autograd.grad")]
    entries += [(torch.func, name, f"torch.func.{name}") for name in
                ("grad", "grad_and_value", "vjp", "jvp", "jacrev", "jacfwd", "hessian", "linearize")]
    entries += [(torch.autograd.functional, name, f"torch.autograd.functional.{name}") for name in
                ("vjp", "jvp", "jacobian", "hessian", "vhp", "hvp")]
    return [(owner, name, label) for owner, name, label in entries if hasattr(owner, name)]


@contextmanager
def autograd_off(sub):
    """Grad mode off, and every autograd entry point (also those the learner imported by name) blocked."""
    calls: list[str] = []

    def blocker(label):
        def blocked(*args, **kwargs):
            calls.append(label)
            raise AutogradBlocked(f"{label} was called, but this exercise computes gradients by hand")
        return blocked

    places = []
    for owner, name, label in _entries():
        original = getattr(owner, name)
        places.append((owner, name, original, blocker(label)))
        places += [(sub, k, original, blocker(label)) for k, v in list(vars(sub).items()) if v is original]
    for owner, name, _, stub in places:
        setattr(owner, name, stub)
    before = torch.is_grad_enabled()
    torch.set_grad_enabled(False)
    try:
        yield calls
    finally:
        torch.set_grad_enabled(before)
        for owner, name, original, _ in reversed(places):
            setattr(owner, name, original)


def run_blocked(sub, fn, *args, count=None):
    """(result, autograd calls): ``fn(*args)`` with autograd off; None if it was stopped.

    ``count``, a CountCalls, counts the torch calls ``fn`` makes.
    """
    with autograd_off(sub) as calls:
        try:
            with count or nullcontext():
                result = fn(*args)
        except AutogradBlocked:
            result = None
    return result, calls


def autograd_noted(got, verdict: Verdict) -> Verdict:
    """``verdict`` with a line saying which blocked autograd entry point the child saw called.

    Feedback only: the block and its record live in the learner's process. The points come
    from the data and from the ``no_autograd`` source check."""
    calls = (got.get("autograd_calls") or []) if type(got) is dict else []
    if not calls or type(calls) is not list:
        return verdict
    note = (f"your code called autograd ({str(calls[0])[:80]}), which is switched off here: every gradient is "
            f"computed by hand")
    return Verdict(verdict.fraction, (note,) + verdict.feedback)


def no_autograd(function: str):
    """The gate of the exercise whose module calls this: ``function`` (and what it reaches) names no
    way to autograd, and the file has no dynamic access. Judged from the learner's file, in the grader."""
    hint = f"{function} computes every gradient by hand; use autograd only to check your work, outside it"

    @check(weight=0, source=True, gate=True)
    def no_autograd(src):
        return report(src, src.forbidden(AUTOGRAD, (function,), hint), src.dynamic())

    no_autograd.judge(lambda got, want: clean(got))
    return no_autograd


def one_expression(function: str, budget: int, name: str):
    """``function`` is written as one short expression: at most ``budget`` operations, no loop (source).
    A check of the exercise whose module calls this."""

    @check(source=True)
    def one_expression(src):
        loops = src.loops((function,), "one expression has none")
        ops = src.operations((function,))
        over = [] if ops <= budget or src.error else [
            f"{src.file}: {function} writes {ops} operations: this exercise asks for {name} in one simplified "
            f"expression (at most {budget}), not the step-by-step chain"]
        return report(src, loops) + over

    one_expression.judge(lambda got, want: clean(got))
    return one_expression


# --------------------------------------------------------------------------- cmp

def comparable(got, want: torch.Tensor, name: str):
    """(tensor shaped like want, '') or (None, what is wrong); size-1 dims may differ, as cmp's broadcasting allows."""
    if got is None:
        return None, f"{name} is missing from your result"
    if type(got) is not torch.Tensor:
        return None, f"{name}: expected {describe(want)}, got {describe(got)}"
    if got.shape != want.shape:
        if got.numel() == want.numel() and [s for s in got.shape if s != 1] == [s for s in want.shape if s != 1]:
            got = got.reshape(want.shape)
        else:
            return None, f"{name}: expected shape {tuple(want.shape)}, got {tuple(got.shape)}"
    if got.dtype != want.dtype:
        return None, f"{name}: expected dtype {want.dtype}, got {got.dtype}"
    return got, ""


def cmp(got, want: torch.Tensor, name: str) -> tuple[bool, str]:
    """The lecture's cmp: (approximately equal, a one-line report when not)."""
    g, why = comparable(got, want, name)
    if g is None:
        return False, why
    if not torch.isfinite(g).all():
        return False, f"{name} has non-finite values"
    if torch.allclose(g, want, rtol=RTOL, atol=ATOL):
        return True, ""
    diff = (g.double() - want.double()).abs()
    at = [int(i) for i in torch.unravel_index(diff.argmax(), diff.shape)]
    return False, (f"{name} | exact: False | approximate: False | maxdiff: {float(diff.max()):.3g} "
                   f"(at {at}, shape {tuple(want.shape)})")


def max_branch(grads: dict, truth: dict) -> str:
    """The max in logit_maxes is a branch into logits. In float32 its gradient is ~1e-10, invisible to allclose,
    so forgetting it shows only as dlogits being exactly dnorm_logits (or dlogit_maxes exactly zero)."""
    dlogits, dnorm, dmax = grads.get("dlogits"), grads.get("dnorm_logits"), grads.get("dlogit_maxes")
    if torch.equal(truth["dlogits"], truth["dnorm_logits"]) or not truth["dlogit_maxes"].any():
        return ""          # nothing to see on this batch
    if type(dmax) is torch.Tensor and dmax.numel() and not dmax.any():
        return ("dlogit_maxes is exactly zero: it is tiny (the loss doesn't depend on the max) but not zero in "
                "float32; backprop through norm_logits = logits - logit_maxes like any other subtraction")
    if type(dlogits) is torch.Tensor and type(dnorm) is torch.Tensor and dlogits.shape == dnorm.shape \
            and torch.equal(dlogits, dnorm):
        return ("dlogits is exactly dnorm_logits: logits also reach the loss through logit_maxes = "
                "logits.max(1); add that branch's gradient, dlogit_maxes, at each row's max")
    return ""


def judge_every_gradient(got, want) -> Verdict:
    return autograd_noted(got, _judge_every_gradient(got, want))


def _judge_every_gradient(got, want) -> Verdict:
    grads, truth = got["grads"], want["truth"]
    if type(grads) is not dict:
        return failed(f"backward_ex1 should return a dict of gradients by name (dlogprobs ... dC), got "
                      f"{describe(grads)}")
    wrong = {}
    for name in GRADIENTS:
        ok, why = cmp(grads.get(name), truth[name], name)
        if not ok:
            wrong[name] = why
    branch = max_branch(grads, truth)
    if branch:
        wrong.setdefault("dlogit_maxes" if branch.startswith("dlogit_maxes") else "dlogits", branch)
    if not wrong:
        return passed()
    order = [name for name in GRADIENTS if name in wrong]
    right = len(GRADIENTS) - len(order)
    lines = [f"first wrong gradient in backward order: {wrong[order[0]]}",
             f"{right} of {len(GRADIENTS)} gradients match autograd (approximate, as cmp's allclose)"]
    if len(order) > 1:
        lines.append(f"also wrong: {', '.join(order[1:8])}{', ...' if len(order) > 8 else ''}")
    return Verdict(right / len(GRADIENTS), tuple(lines))


def ex1_probe(sub, seed, batch_size, n_words=300, **sizes) -> dict:
    params = init_params(seed=seed, **sizes)
    Xb, Yb = batch(n_words, batch_size, seed, sizes.get("block_size", 3))
    with torch.no_grad():
        cache = forward(params, Xb, Yb)
    grads, calls = run_blocked(sub, sub.backward_ex1, detached(params), detached(cache), Xb.clone(), Yb.clone())
    if isinstance(grads, dict):
        grads = {k: v for k, v in grads.items() if k in GRADIENTS}
    return {"grads": grads, "autograd_calls": calls, "truth": autograd_gradients(params, Xb, Yb)}


# =========================================================================== lecture5.ex2

def ex2_probe(sub, seed, batch_size, **sizes) -> dict:
    params = init_params(seed=seed, **sizes)
    Xb, Yb = batch(300, batch_size, seed, sizes.get("block_size", 3))
    with torch.no_grad():
        logits = forward(params, Xb, Yb)["logits"]
    with torch.enable_grad():
        leaf = logits.clone().requires_grad_()
        F.cross_entropy(leaf, Yb).backward()
    ops = CountCalls()
    dlogits, calls = run_blocked(sub, sub.dlogits_ex2, logits.clone(), Yb.clone(), count=ops)
    return {"dlogits": dlogits, "autograd_calls": calls, "ops": ops.count, "truth": leaf.grad}


def judge_one_expression(got, want, key: str, name: str, budget: int, hint: str) -> Verdict:
    """The value against autograd's. The torch calls counted in the child (``ops``) are a note only:
    the length that counts is the source's (``one_expression``)."""
    ok, why = cmp(got[key], want["truth"], name)
    if not ok:
        return autograd_noted(got, failed(f"{why}; {hint}"))
    ops = got.get("ops")
    if type(ops) is int and ops > budget:
        return autograd_noted(got, Verdict(1.0, (f"{name} is right; it took {ops} torch calls when run (at most "
                                                 f"{budget} for one expression)",)))
    return autograd_noted(got, passed())


# =========================================================================== lecture5.ex3

def ex3_probe(sub, seed, batch_size, **sizes) -> dict:
    params = init_params(seed=seed, **sizes)
    Xb, Yb = batch(300, batch_size, seed, sizes.get("block_size", 3))
    truth = autograd_gradients(params, Xb, Yb)
    with torch.no_grad():
        cache = forward(params, Xb, Yb)
    ops = CountCalls()
    args = (truth["dhpreact"].clone(), params["bngain"].clone(), cache["bnvar_inv"].clone(), cache["bnraw"].clone())
    dhprebn, calls = run_blocked(sub, sub.dhprebn_ex3, *args, count=ops)
    return {"dhprebn": dhprebn, "autograd_calls": calls, "ops": ops.count, "truth": truth["dhprebn"]}


EX3_HINT = ("write out d(bnraw)/d(hprebn) with the mean and the unbiased variance (Bessel: 1/(n-1)) depending on "
            "every row, then simplify")


# =========================================================================== lecture5.ex4

def twin(params: dict, X, Y, steps, batch_size, lr, seed) -> dict:
    """The autograd-trained twin: same init, same minibatches, loss.backward()."""
    g = generator(seed)
    with torch.enable_grad():
        ps = {k: v.clone().requires_grad_() for k, v in params.items()}
        for _ in range(steps):
            ix = torch.randint(0, X.shape[0], (batch_size,), generator=g)
            loss = forward(ps, X[ix], Y[ix])["loss"]
            for p in ps.values():
                p.grad = None
            loss.backward()
            with torch.no_grad():
                for p in ps.values():
                    p += -lr * p.grad
    return detached(ps)


def ex4_probe(sub, seed, steps, batch_size, lr, n_words=400, **sizes) -> dict:
    params = init_params(seed=seed, **sizes)
    X, Y = some_data(n_words, start=seed % 5000, block_size=sizes.get("block_size", 3))
    trained, calls = run_blocked(sub, sub.train_ex4, detached(params), X, Y, steps, batch_size, lr,
                                 generator(seed + 1))
    if isinstance(trained, dict):
        trained = {k: v for k, v in trained.items() if k in PARAMS}
    return {"params": trained, "autograd_calls": calls, "init": params,
            "twin": twin(params, X, Y, steps, batch_size, lr, seed + 1), "steps": steps}


def judge_training(got, want) -> Verdict:
    return autograd_noted(got, _judge_training(got, want))


def _judge_training(got, want) -> Verdict:
    params = got["params"]
    if type(params) is not dict:
        return failed(f"train_ex4 should return a dict of the trained parameters, got {describe(params)}")
    missing = [k for k in PARAMS if k not in params]
    if missing:
        return failed(f"the returned parameters lack {missing[0]!r}")
    for k in PARAMS:
        shape = tensor(params[k], want["twin"][k], k)
        if not shape:
            return shape
    if all(torch.equal(params[k], want["init"][k]) for k in PARAMS):
        return failed("the returned parameters are the initial ones: update each with p += -lr * grad (in place, or "
                      "return the new tensors)")
    for k in PARAMS:
        v = close(params[k], want["twin"][k], k, atol=1e-5, rtol=1e-4)
        if not v:
            return Verdict(0.0, (f"after {want['steps']} steps, {v.feedback[0]}, compared with the same network "
                                 f"trained with loss.backward() on the same minibatches",))
    return passed()
