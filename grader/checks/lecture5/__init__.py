"""Lecture 5 (becoming a backprop ninja): what the checks of its exercises (``<exercise>.py`` beside this
one), the hidden checks and the tests share.

No autograd, judged from the learner's source in the grader: each exercise's ``no_autograd`` (a
gate of weight 0) fails on any way to autograd in the exercise's function and what it reaches, and
on any dynamic access in the file; while it fails the exercise earns nothing, since gradients taken
from autograd are right and only the rule tells them apart. The probes also run the learner's code
with autograd switched off (grad mode off, its entry points replaced by stubs that record the
call); that happens in the learner's process, so it adds a line of feedback, never a point. The
truth is autograd's on the grader's own copy of the lecture's forward pass (the reference run's).

ex1 is judged tensor by tensor like the lecture's ``cmp``, with partial credit per gradient; ex2
and ex3 also count the operations their function writes (``one_expression``, a source check; the
torch calls counted in the child are a note); ex4's parameters after k steps are compared with an
autograd-trained twin's, with the grader's own ex1-ex3 functions swapped in (``course_parts``), so
a mistake there costs its own exercise only. The lecture fixes no dtype: float32 and float64 are
judged alike, by value. Each exercise has a public check on the lecture's sizes and one on other
sizes; the hidden checks are the latter on other values (``CASES``).
"""
from __future__ import annotations

from contextlib import ExitStack, contextmanager, nullcontext
from functools import wraps
from unittest import mock

import torch
import torch.autograd.functional
import torch.func
import torch.nn.functional as F

from grader.check import check
from grader.checks.common import CountCalls
from grader.checks.lecture4 import SEED, generator, some_data
from grader.judge import Verdict, close, describe, failed, passed
from grader.source import clean, report

PARAMS = ("C", "W1", "b1", "W2", "b2", "bngain", "bnbias")
GRADIENTS = ("dlogprobs", "dprobs", "dcounts_sum_inv", "dcounts_sum", "dcounts", "dnorm_logits", "dlogit_maxes",
             "dlogits", "dh", "dW2", "db2", "dhpreact", "dbngain", "dbnbias", "dbnraw", "dbnvar_inv", "dbnvar",
             "dbndiff2", "dbndiff", "dbnmeani", "dhprebn", "dembcat", "dW1", "db1", "demb", "dC")
CACHE = ("emb", "embcat", "hprebn", "bnmeani", "bndiff", "bndiff2", "bnvar", "bnvar_inv", "bnraw", "hpreact", "h",
         "logits", "logit_maxes", "norm_logits", "counts", "counts_sum", "counts_sum_inv", "probs", "logprobs")
RTOL, ATOL = 1e-5, 1e-7       # "approximate": torch.allclose as in cmp, atol a little wider for summation order
TRAINED = dict(atol=1e-5, rtol=1e-4)            # ex4: the parameters after k steps, against the twin's
JUDGED_DTYPES = (torch.float32, torch.float64)   # the lecture's float32, or finer: cmp's tolerance holds in both
EX2_BUDGET, EX3_BUDGET = 16, 18   # torch calls (feedback only): the references make 6 and 12, ex1's chain 28, 21+
EX2_OPS, EX3_OPS = 12, 20         # operations written (source): the references write 4 and 13, ex1's chain 28, 27
# Every way to autograd a name can take: modules, the methods and attributes of the graph, grad mode.
AUTOGRAD = ("torch.autograd", "torch.func", "functorch", "torch.enable_grad", "torch.set_grad_enabled",
            "torch.inference_mode", ".backward", ".grad", ".grad_fn", ".next_functions", ".requires_grad_",
            ".retain_grad", ".register_hook", "requires_grad=")
_GRAD = torch.autograd.grad   # the grader's own, taken before any probe blocks the learner's (see autograd_off)


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
    """Every gradient of ex1 as autograd computes it: {"dlogprobs": d loss / d logprobs, ..., "dC": ...}."""
    with torch.enable_grad():
        leaves = {k: v.detach().clone().requires_grad_() for k, v in params.items()}
        c = forward(leaves, Xb, Yb)
        grads = _GRAD(c["loss"], [c[k] for k in CACHE] + [leaves[k] for k in PARAMS])
    out = dict(zip([f"d{k}" for k in CACHE + PARAMS], grads))
    return {name: out[name] for name in GRADIENTS}


def lecture_batch(seed, batch_size, n_words=300, **sizes):
    """(params, Xb, Yb, cache, truth): the lecture's network on a batch, its forward pass and autograd's gradients."""
    params = init_params(seed=seed, **sizes)
    X, Y = some_data(n_words, start=seed % 5000, block_size=sizes.get("block_size", 3))
    ix = torch.randint(0, X.shape[0], (batch_size,), generator=generator(seed))
    Xb, Yb = X[ix], Y[ix]
    with torch.no_grad():
        cache = forward(params, Xb, Yb)
    return params, Xb, Yb, detached(cache), autograd_gradients(params, Xb, Yb)


def detached(d: dict) -> dict:
    return {k: v.detach().clone() for k, v in d.items() if isinstance(v, torch.Tensor)}


# --------------------------------------------------------------------------- the grader's own parts, for ex4
# Taken through the grader's own autograd, never written out: this module ships in the student bundle,
# and the closed forms are what ex2 and ex3 ask for.

def _through_autograd(fn, x, grad_output=None):
    """d fn(x) / dx (weighted by ``grad_output``) by the grader's autograd, which autograd_off leaves alone."""
    with torch.enable_grad():
        leaf = x.detach().clone().requires_grad_()
        (grad,) = _GRAD(fn(leaf), [leaf], grad_outputs=grad_output)
    return grad


def course_dlogits(logits, Yb):
    return _through_autograd(lambda z: F.cross_entropy(z, Yb), logits)


def course_dhprebn(dhpreact, bngain, bnvar_inv, bnraw):
    """The lecture's batchnorm (Bessel's variance, eps 1e-5) differentiated at the centred pre-activations
    ``bnraw / bnvar_inv``: shifting hprebn by its mean changes neither the output nor the gradient."""
    def batchnorm(h):
        diff = h - h.mean(0, keepdim=True)
        return bngain * diff * (diff.pow(2).sum(0, keepdim=True) / (h.shape[0] - 1) + 1e-5) ** -0.5
    return _through_autograd(batchnorm, bnraw / bnvar_inv, dhpreact)


COURSE_PARTS = {"backward_ex1": lambda params, cache, Xb, Yb: autograd_gradients(params, Xb, Yb),
                "dlogits_ex2": course_dlogits, "dhprebn_ex3": course_dhprebn}


def course_parts(sub):
    """``sub`` with the grader's own ex1-ex3 functions in place of its own, so that ex4, which may call them,
    is judged on its training loop alone (as lecture 4's ``course_layers``)."""
    return mock.patch.multiple(sub, create=True, **COURSE_PARTS)


# --------------------------------------------------------------------------- autograd switched off

class AutogradBlocked(RuntimeError):
    pass


ENTRIES = [(torch.Tensor, "backward", "Tensor.backward()")] + [  # (owner, name, label): what autograd_off blocks
    (module, name, f"{module.__name__}.{name}") for module, names in (
        (torch.autograd, "backward grad"), (torch.func, "grad grad_and_value vjp jvp jacrev jacfwd hessian linearize"),
        (torch.autograd.functional, "vjp jvp jacobian hessian vhp hvp")) for name in names.split()]


@contextmanager
def autograd_off(sub):
    """Grad mode off, and every autograd entry point (also those the learner imported by name) blocked."""
    calls: list[str] = []

    def blocker(label):
        def blocked(*args, **kwargs):
            calls.append(label)
            raise AutogradBlocked(f"{label} was called, but this exercise computes gradients by hand")
        return blocked

    with ExitStack() as stack:
        for owner, name, label in [e for e in ENTRIES if hasattr(e[0], e[1])]:
            original = getattr(owner, name)
            for place, attr in [(owner, name)] + [(sub, k) for k, v in list(vars(sub).items()) if v is original]:
                stack.enter_context(mock.patch.object(place, attr, blocker(label)))
        stack.enter_context(torch.no_grad())
        yield calls


def run_blocked(sub, fn, *args, count=None):
    """(result, autograd calls): ``fn(*args)`` with autograd off (None if it was stopped), counted by ``count``."""
    with autograd_off(sub) as calls:
        try:
            with count or nullcontext():
                result = fn(*args)
        except AutogradBlocked:
            result = None
    return result, calls


def autograd_noted(judge):
    """``judge`` with a line saying which blocked autograd entry point the child saw called: feedback only, as
    the block and its record live in the learner's process (the points: the data and ``no_autograd``)."""
    @wraps(judge)
    def noted(got, want, *args, **case) -> Verdict:
        verdict = judge(got, want, *args, **case)
        calls = (got.get("autograd_calls") or []) if type(got) is dict else []
        if not calls or type(calls) is not list:
            return verdict
        note = (f"your code called autograd ({str(calls[0])[:80]}), which is switched off here: every gradient "
                f"is computed by hand")
        return Verdict(verdict.fraction, (note,) + verdict.feedback)
    return noted


def source_rule_holds(got):
    """The judge of a source check (no_autograd, one_expression): nothing found in the learner's file."""
    return clean(got)


def no_autograd(function: str):
    """The gate of the exercise whose module calls this: ``function`` (and what it reaches) names no
    way to autograd, and the file has no dynamic access. Judged from the learner's file, in the grader."""
    hint = f"{function} computes every gradient by hand; use autograd only to check your work, outside it"

    @check(weight=0, source=True, gate=True)
    def no_autograd(src):
        return report(src, src.forbidden(AUTOGRAD, (function,), hint), src.dynamic())

    no_autograd.judge(source_rule_holds)
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

    one_expression.judge(source_rule_holds)
    return one_expression


# --------------------------------------------------------------------------- cmp

def dtype_problem(t, what: str) -> str:
    """'' where ``t``'s dtype can be judged with cmp's tolerance (float32, float64); else one line saying why not."""
    if type(t) is not torch.Tensor or t.dtype in JUDGED_DTYPES:
        return ""
    if t.is_floating_point():
        return f"{what} is {t.dtype}, too coarse to compare with autograd's: compute in float32 as the lecture " \
               f"does (or float64)"
    return f"{what} is {t.dtype}: gradients and parameters are floating tensors (float32 as in the lecture, or float64)"


def shared_dtype_problem(tensors: dict, names, what: str) -> str:
    """One line where all of ``names`` share one dtype that can't be judged: one mistake, said once."""
    dtypes = {getattr(tensors.get(k), "dtype", None) for k in names}
    return dtype_problem(tensors.get(names[0]), what) if len(dtypes) == 1 else ""


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
    why = dtype_problem(got, name)
    return (None, why) if why else (got, "")


def cmp(got, want: torch.Tensor, name: str) -> tuple[bool, str]:
    """The lecture's cmp: (approximately equal, a one-line report when not), in float64 whatever the dtype."""
    g, why = comparable(got, want, name)
    if g is None:
        return False, why
    if not torch.isfinite(g).all():
        return False, f"{name} has non-finite values"
    g, w = g.double(), want.double()
    if torch.allclose(g, w, rtol=RTOL, atol=ATOL):
        return True, ""
    diff = (g - w).abs()
    at = [int(i) for i in torch.unravel_index(diff.argmax(), diff.shape)]
    return False, (f"{name} | exact: False | approximate: False | maxdiff: {float(diff.max()):.3g} "
                   f"(at {at}, shape {tuple(want.shape)})")


def max_branch(grads: dict, truth: dict) -> str:
    """The max in logit_maxes is a branch into logits. In float32 its gradient is ~1e-10, invisible to allclose,
    so forgetting it shows only as dlogits being exactly dnorm_logits (in float64 that can be rounding) or
    dlogit_maxes exactly zero."""
    dlogits, dnorm, dmax = grads.get("dlogits"), grads.get("dnorm_logits"), grads.get("dlogit_maxes")
    if torch.equal(truth["dlogits"], truth["dnorm_logits"]) or not truth["dlogit_maxes"].any():
        return ""          # nothing to see on this batch
    if type(dmax) is torch.Tensor and dmax.numel() and not dmax.any():
        return ("dlogit_maxes is exactly zero: it is tiny (the loss doesn't depend on the max) but not zero in "
                "float32; backprop through norm_logits = logits - logit_maxes like any other subtraction")
    if type(dlogits) is torch.Tensor and type(dnorm) is torch.Tensor and dlogits.shape == dnorm.shape \
            and dlogits.dtype == truth["dlogits"].dtype and torch.equal(dlogits, dnorm):
        return ("dlogits is exactly dnorm_logits: logits also reach the loss through logit_maxes = "
                "logits.max(1); add that branch's gradient, dlogit_maxes, at each row's max")
    return ""


# =========================================================================== lecture5.ex1

def ex1_probe(sub, **case) -> dict:
    params, Xb, Yb, cache, truth = lecture_batch(**case)
    grads, calls = run_blocked(sub, sub.backward_ex1, detached(params), cache, Xb.clone(), Yb.clone())
    if isinstance(grads, dict):
        grads = {k: v for k, v in grads.items() if k in GRADIENTS}
    return {"grads": grads, "autograd_calls": calls, "truth": truth}


@autograd_noted
def gradients_match_autograd(got, want) -> Verdict:
    """Every gradient of ex1 against autograd's, as cmp: partial credit per tensor, the first wrong one named."""
    grads, truth = got["grads"], want["truth"]
    if type(grads) is not dict:
        return failed(f"backward_ex1 should return a dict of gradients by name (dlogprobs ... dC), got "
                      f"{describe(grads)}")
    dtype = shared_dtype_problem(grads, GRADIENTS, "every gradient")
    if dtype:
        return failed(dtype)
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


# =========================================================================== lecture5.ex2 and ex3

def one_expression_probe(sub, fn, args, truth) -> dict:
    """The learner's ``fn(*args)`` with autograd off and its torch calls counted, beside autograd's ``truth``."""
    ops = CountCalls()
    value, calls = run_blocked(sub, fn, *(a.clone() for a in args), count=ops)
    return {"value": value, "autograd_calls": calls, "ops": ops.count, "truth": truth}


@autograd_noted
def one_expression_matches(got, want, name: str, budget: int, hint: str) -> Verdict:
    """The value against autograd's (``hint`` says what to look at when it differs). The torch calls counted
    in the child (``ops``) are a note only: the length that counts is the source's (``one_expression``)."""
    if dtype_problem(got["value"], name):
        return failed(dtype_problem(got["value"], name))
    ok, why = cmp(got["value"], want["truth"], name)
    if not ok:
        return failed(f"{why}; {hint}")
    ops = got.get("ops")
    if type(ops) is int and ops > budget:
        return Verdict(1.0, (f"{name} is right; it took {ops} torch calls when run (at most {budget} for one "
                             f"expression)",))
    return passed()


# =========================================================================== lecture5.ex4

def twin(params: dict, X, Y, steps, batch_size, lr, seed) -> dict:
    """The autograd-trained twin: same init, same minibatches, the gradients autograd computes."""
    g = generator(seed)
    ps = {k: v.clone() for k, v in params.items()}
    for _ in range(steps):
        ix = torch.randint(0, X.shape[0], (batch_size,), generator=g)
        grads = autograd_gradients(ps, X[ix], Y[ix])
        ps = {k: v - lr * grads[f"d{k}"] for k, v in ps.items()}
    return ps


def ex4_probe(sub, seed, steps, batch_size, lr, n_words=400, **sizes) -> dict:
    params = init_params(seed=seed, **sizes)
    X, Y = some_data(n_words, start=seed % 5000, block_size=sizes.get("block_size", 3))
    with course_parts(sub):
        trained, calls = run_blocked(sub, sub.train_ex4, detached(params), X, Y, steps, batch_size, lr,
                                     generator(seed + 1))
    if isinstance(trained, dict):
        trained = {k: v for k, v in trained.items() if k in PARAMS}
    return {"params": trained, "autograd_calls": calls, "init": params,
            "twin": twin(params, X, Y, steps, batch_size, lr, seed + 1)}


@autograd_noted
def training_matches_autograd_twin(got, want, steps, batch_size, lr) -> Verdict:
    """ex4's trained parameters against the autograd-trained twin's; a parameter that never moved is named."""
    params, init = got["params"], want["init"]
    if type(params) is not dict:
        return failed(f"train_ex4 should return a dict of the trained parameters, got {describe(params)}")
    dtype = shared_dtype_problem(params, PARAMS, "every parameter")
    for k in PARAMS:
        g, why = comparable(params.get(k), init[k], k)
        if dtype or g is None:
            return failed(dtype or why)
        params[k] = g
    moved = {k: not close(want["twin"][k], init[k], k, **TRAINED) for k in PARAMS}   # b1's gradient is ~0 (BN)
    still = [k for k in PARAMS if moved[k] and torch.equal(params[k].double(), init[k].double())]
    if still and len(still) == sum(moved.values()):
        return failed("the returned parameters are the initial ones: update each with p += -lr * grad (in place, or "
                      "return the new tensors)")
    if still:
        one = len(still) == 1
        return failed(f"{' and '.join(still)} {'was' if one else 'were'} never updated: after {steps} steps "
                      f"{'it still holds its' if one else 'they still hold their'} initial values (every parameter "
                      f"takes p += -lr * its own gradient)")
    for k in PARAMS:
        v = close(params[k], want["twin"][k], k, dtype=False, **TRAINED)
        if not v:
            return failed(f"after {steps} steps (batch_size {batch_size}, lr {lr}), {v.feedback[0]}, compared with "
                          f"the same network trained with loss.backward() on the same minibatches")
    return passed()
