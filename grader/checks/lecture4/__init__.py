"""Lecture 4 (activations, gradients, BatchNorm): the public checks.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds what several of them, the hidden checks or the tests share.

The layers are judged on inputs made here: columns of very different scales (and one
nearly constant, where eps matters), batches small enough that n and n - 1 differ.
When a result is off, the judge recomputes the lecture's classic slips (biased variance,
no eps, batch statistics in eval mode, momentum the wrong way round) from the same
inputs and names the one that matches.

deep.py, zero_init.py and fold.py import Linear, BatchNorm1d and Tanh from layers.py;
their probes swap in the course's own copies below (the lecture's code), so each
exercise is judged on its own. The BatchNorm-folding judge rebuilds the "trained"
network itself, in this process, and runs both the original (in eval mode) and the
learner's folded layers with its own code on inputs the learner's process never saw.
The public checks use other sizes, eps, momentum and gains than the lecture's as well as
its own, so that a constant copied from the lecture is caught where a learner can see it;
the hidden checks in grader/checks/hidden/lecture4/ are the same probes and judges on yet
other values (``CASES``).
"""
from __future__ import annotations

import math

import torch
import torch.nn.functional as F

from grader.checks.common import SEED, attempt, generator, raised, some_data, swapped  # noqa: F401 (for lecture5)
from grader.judge import Verdict, close, describe, equal, failed, is_number, partial, passed, tensor, true

GAIN = 5 / 3                         # Kaiming gain of tanh


# --------------------------------------------------------------------------- the course's layers

class Linear:
    """The lecture's Linear (weight (fan_in, fan_out)), used to build inputs for deep/E01/E02."""

    def __init__(self, fan_in, fan_out, bias=True, generator=None):
        self.weight = torch.randn((fan_in, fan_out), generator=generator) / fan_in**0.5
        self.bias = torch.zeros(fan_out) if bias else None

    def __call__(self, x):
        self.out = x @ self.weight
        if self.bias is not None:
            self.out = self.out + self.bias
        return self.out

    def parameters(self):
        return [self.weight] + ([] if self.bias is None else [self.bias])


class BatchNorm1d:
    """The lecture's BatchNorm1d (unbiased batch variance, running buffers under no_grad)."""

    def __init__(self, dim, eps=1e-5, momentum=0.1):
        self.eps, self.momentum, self.training = eps, momentum, True
        self.gamma, self.beta = torch.ones(dim), torch.zeros(dim)
        self.running_mean, self.running_var = torch.zeros(dim), torch.ones(dim)

    def __call__(self, x):
        if self.training:
            xmean, xvar = x.mean(0, keepdim=True), x.var(0, keepdim=True)
        else:
            xmean, xvar = self.running_mean, self.running_var
        self.out = self.gamma * (x - xmean) / torch.sqrt(xvar + self.eps) + self.beta
        if self.training:
            with torch.no_grad():
                self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * xmean
                self.running_var = (1 - self.momentum) * self.running_var + self.momentum * xvar
        return self.out

    def parameters(self):
        return [self.gamma, self.beta]


class Tanh:
    def __call__(self, x):
        self.out = torch.tanh(x)
        return self.out

    def parameters(self):
        return []


COURSE_LAYERS = {"Linear": Linear, "BatchNorm1d": BatchNorm1d, "Tanh": Tanh}


def course_layers(sub):
    """Run ``sub`` with the course's Linear/BatchNorm1d/Tanh in place of the ones it imported."""
    return swapped(sub, **COURSE_LAYERS)


def course_forward(C, layers, X):
    """The lecture's forward: embed, concatenate, every layer in turn."""
    x = C[X].view(X.shape[0], -1)
    for layer in layers:
        x = layer(x)
    return x


def net_parameters(C, layers) -> list:
    return [C] + [p for layer in layers for p in layer.parameters()]


def build(vocab_size=27, block_size=3, n_embd=10, n_hidden=100, n_layers=6, batchnorm=True, gain=GAIN,
          seed=SEED):
    """The lecture's deep network with the course's layers (the grader's own, for probe inputs)."""
    g = generator(seed)
    C = torch.randn((vocab_size, n_embd), generator=g)
    sizes = [n_embd * block_size] + [n_hidden] * (n_layers - 1) + [vocab_size]
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(Linear(fan_in, fan_out, bias=not batchnorm, generator=g))
        if batchnorm:
            layers.append(BatchNorm1d(fan_out))
        if i < n_layers - 1:
            layers.append(Tanh())
    with torch.no_grad():
        if batchnorm:
            layers[-1].gamma *= 0.1
        else:
            layers[-1].weight *= 0.1
        for layer in layers[:-1]:
            if isinstance(layer, Linear):
                layer.weight *= gain
    for p in net_parameters(C, layers):
        p.requires_grad = True
    return C, layers


# --------------------------------------------------------------------------- judge helpers

def as_float(x):
    if isinstance(x, torch.Tensor) and x.numel() == 1:
        return float(x.item())
    if type(x) in (int, float):
        return float(x)
    return x


def flat(t):
    """A buffer as a flat tensor: the lecture's running stats become (1, dim) after a step."""
    return t.reshape(-1) if type(t) is torch.Tensor else t


def std_hint(got: torch.Tensor, want: torch.Tensor, name: str, gain: float = GAIN) -> str:
    """Name the init slip behind a wrong weight from the ratio of its std to the expected one."""
    if not (type(got) is torch.Tensor and got.shape == want.shape and want.numel() > 1):
        return ""
    ratio = float(got.double().std() / want.double().std())
    for factor, why in ((1 / gain, f"the gain {gain:.4g} is missing"), (gain, f"the gain {gain:.4g} is "
                        f"applied where it should not be"), (10.0, "the output layer was not made less "
                        "confident (x 0.1)"), (0.1, "it was scaled by 0.1 where it should not be"),
                        (1 / gain**2, "divided by the gain instead of multiplied")):
        if abs(ratio / factor - 1) < 0.03:
            return f"; {name}'s std is {ratio:.3g} x the expected one: {why}"
    return ""


def bn_variants(x: torch.Tensor, eps: float, gamma=None, beta=None) -> dict[str, torch.Tensor]:
    """Train-mode BatchNorm outputs of x: the right one and the classic slips."""
    mean = x.mean(0, keepdim=True)
    out = {"right": (x - mean) / torch.sqrt(x.var(0, keepdim=True) + eps),
           "biased": (x - mean) / torch.sqrt(x.var(0, keepdim=True, unbiased=False) + eps),
           "no_eps": (x - mean) / torch.sqrt(x.var(0, keepdim=True)),
           "std_plus_eps": (x - mean) / (x.std(0, keepdim=True) + eps)}
    if gamma is not None:
        out = {k: gamma * v + beta for k, v in out.items()}
    return out


BN_SLIPS = {
    "biased": "you normalise with the biased variance (dividing by n); the lecture's BatchNorm1d uses "
              "x.var(0, keepdim=True), which divides by n - 1",
    "no_eps": "eps is missing: divide by torch.sqrt(var + eps)",
    "std_plus_eps": "eps goes inside the square root: torch.sqrt(var + eps), not std + eps",
}


def matches(got, candidate, atol=1e-4, rtol=1e-3) -> bool:
    """Does a wrong result match one classic slip? (Looser than the checks: slips differ from each other a lot.)"""
    return (type(got) is torch.Tensor and got.shape == candidate.shape
            and torch.allclose(got.double(), candidate.double(), atol=atol, rtol=rtol))


def judge_bn_out(got, x, eps, name, gamma=None, beta=None) -> Verdict:
    gamma, beta = (None if t is None else t.double() for t in (gamma, beta))
    variants = bn_variants(x.double(), eps, gamma, beta)
    verdict = close(got, variants["right"].to(x.dtype), name, atol=1e-5, rtol=1e-4)
    if verdict:
        return verdict
    if fixed_eps(got, eps, lambda e: bn_variants(x.double(), e, gamma, beta)["right"]):
        return failed(f"{name}: {FIXED_EPS.format(eps)}")
    for slip, message in BN_SLIPS.items():
        if matches(got, variants[slip]):
            return failed(f"{name}: {message}")
    return verdict


FIXED_EPS = "this layer was made with eps={:g} but normalises with the lecture's 1e-5: use self.eps"


def fixed_eps(got, eps, output) -> bool:
    """Made with another eps than the lecture's, does ``got`` match ``output`` with the lecture's 1e-5?"""
    return eps != 1e-5 and matches(got, output(1e-5))


# =========================================================================== lecture4.layers

def features(n: int, dim: int, seed: int) -> torch.Tensor:
    """A batch whose columns have very different means and scales; column 0 is nearly constant (var ~1e-6,
    where eps = 1e-5 matters) and sits near zero, so float32 keeps its spread exact enough."""
    g = generator(seed)
    scale = torch.logspace(-3, 1, dim)
    return torch.randn((n, dim), generator=g) * scale + torch.randn(dim, generator=g) * 3 * scale.clamp(max=1) ** 0.5


def linear_probe(sub, fan_in, fan_out, n, seed) -> dict:
    lin = sub.Linear(fan_in, fan_out, generator=generator(seed))
    x = torch.randn((n, fan_in), generator=generator(seed + 1))
    out = lin(x)
    stored = getattr(lin, "out", None)
    nob = sub.Linear(fan_in, fan_out, bias=False, generator=generator(seed))
    out_nob = nob(x)
    return {"weight": lin.weight, "bias": lin.bias, "out": out,
            "stored": stored is out or (type(stored) is torch.Tensor and torch.equal(stored, out)),
            "parameters": [tuple(p.shape) for p in lin.parameters()],
            "same_objects": [p is q for p, q in zip(lin.parameters(), [lin.weight, lin.bias])],
            "nobias": {"bias": nob.bias is None, "parameters": [tuple(p.shape) for p in nob.parameters()],
                       "out": out_nob}}


def judge_linear(got, want) -> Verdict:
    w, ref = got["weight"], want["weight"]
    if type(w) is torch.Tensor and w.dim() == 2 and w.shape == ref.shape[::-1] and w.shape != ref.shape:
        return failed(f"weight has shape {tuple(w.shape)}: the lecture's layout is (fan_in, fan_out) = "
                      f"{tuple(ref.shape)}, so that x @ weight works on a batch x")
    verdict = close(w, ref, "weight", atol=1e-6)
    if not verdict:
        hint = "; draw it as torch.randn((fan_in, fan_out), generator=generator) / fan_in**0.5"
        if type(w) is torch.Tensor and w.shape == ref.shape:
            ratio = float(w.double().std() / ref.double().std())
            if abs(ratio / ref.shape[0] ** 0.5 - 1) < 0.03:
                hint = "; its std is fan_in**0.5 times too large: divide the randn by fan_in**0.5"
        return Verdict(0.0, (verdict.feedback[0] + hint,))
    verdict = close(got["bias"], want["bias"], "bias") & close(got["out"], want["out"], "Linear(x)", atol=1e-5)
    verdict = verdict & true(got["stored"], "the layer should keep its output in self.out")
    verdict = verdict & equal(got["parameters"], want["parameters"], "the shapes of parameters()") & \
        true(all(got["same_objects"]) and len(got["same_objects"]) == 2,
             "parameters() should return the layer's own weight and bias tensors (not copies)")
    nob, ref_nob = got["nobias"], want["nobias"]
    return verdict & true(nob["bias"], "Linear(..., bias=False) should have bias = None") & \
        equal(nob["parameters"], ref_nob["parameters"], "the shapes of parameters() with bias=False") & \
        close(nob["out"], ref_nob["out"], "Linear(x) with bias=False", atol=1e-5)


def buffers(bn) -> dict:
    return {"mean": getattr(bn, "running_mean", None), "var": getattr(bn, "running_var", None)}


def bn_training_probe(sub, n, dim, seed, **kwargs) -> dict:
    """Three training-mode calls: outputs, gradients of the first, buffers after each."""
    xs = [features(n, dim, seed + i) for i in range(3)]
    bn = sub.BatchNorm1d(dim, **kwargs)
    params = bn.parameters()
    with torch.no_grad():                      # a non-trivial gamma and beta, set in place
        bn.gamma.mul_(torch.linspace(0.5, 2.0, dim))
        bn.beta.add_(torch.linspace(-1.0, 1.0, dim))
    for p in params:
        p.requires_grad_()
    x = xs[0].clone().requires_grad_()
    out = bn(x)
    stored = getattr(bn, "out", None) is out
    upstream = torch.randn((n, dim), generator=generator(seed + 7))
    (out * upstream).sum().backward()
    graph = [bool(getattr(t, "requires_grad", False)) for t in buffers(bn).values()]
    after = [buffers(bn)]
    for xi in xs[1:]:
        bn(xi)
        after.append(buffers(bn))
    return {"x": xs, "out": out.detach(), "stored": stored,
            "grad_x": x.grad, "grad_gamma": getattr(bn.gamma, "grad", None),
            "grad_beta": getattr(bn.beta, "grad", None), "n_parameters": len(params),
            "parameters_are": [p is q for p, q in zip(params, [bn.gamma, bn.beta])],
            "buffers_graph": graph, "buffers": after, "gamma": bn.gamma.detach(), "beta": bn.beta.detach(),
            "eps": kwargs.get("eps", 1e-5), "momentum": kwargs.get("momentum", 0.1)}


def running_after(xs, momentum, flip=False, biased=False) -> list[dict]:
    mean, var = torch.zeros(xs[0].shape[1], dtype=torch.float64), torch.ones(xs[0].shape[1], dtype=torch.float64)
    out = []
    for x in xs:
        x = x.double()
        bm, bv = x.mean(0), x.var(0, unbiased=not biased)
        a, b = (momentum, 1 - momentum) if flip else (1 - momentum, momentum)
        mean, var = a * mean + b * bm, a * var + b * bv
        out.append({"mean": mean, "var": var})
    return out


def judge_buffers(got_list, want, name: str) -> Verdict:
    xs, momentum = want["x"], want["momentum"]
    if type(got_list) is not list or len(got_list) != 3:
        return failed(f"{name}: could not read running_mean/running_var after each call")
    for i, (got, ref) in enumerate(zip(got_list, want["buffers"])):
        for key, buf in (("mean", "running_mean"), ("var", "running_var")):
            g = got[key]
            if type(g) is not torch.Tensor:
                return failed(f"{buf} after {i + 1} training call(s) is {describe(g)}, not a tensor")
            v = close(flat(g), flat(ref[key]), f"{buf} after {i + 1} training call(s)", atol=1e-5, rtol=1e-4)
            if v:
                continue
            if momentum != 0.1 and matches(flat(g), running_after(xs, 0.1)[i][key]):
                return failed(f"{buf} after {i + 1} training call(s) is off: this layer was made with "
                              f"momentum={momentum:g} but moves by the lecture's 0.1: use self.momentum")
            for kind, message in (("flip", "the momentum weights the new batch statistic: running = "
                                   "(1 - momentum) * running + momentum * batch_stat"),
                                  ("biased", "the running variance is built from the biased batch variance; "
                                   "use the same unbiased x.var(0) as the forward pass")):
                alt = running_after(xs, momentum, flip=kind == "flip", biased=kind == "biased")[i][key]
                if matches(flat(g), alt):
                    return failed(f"{buf} after {i + 1} training call(s) is off: {message}")
            return v
    return passed()


def judge_bn_training(got, want) -> Verdict:
    x, eps = want["x"][0], want["eps"]
    verdict = judge_bn_out(got["out"], x, eps, "BatchNorm1d(x) in training mode", want["gamma"], want["beta"])
    if not verdict:
        return verdict
    verdict = verdict & true(got["stored"], "BatchNorm1d should keep its output in self.out")
    grads = partial([close(got[k], want[k], name, atol=1e-5, rtol=1e-4) if got[k] is not None else
                     failed(f"{name} is None: the output must stay differentiable")
                     for k, name in (("grad_x", "the gradient w.r.t. x"), ("grad_gamma", "gamma.grad"),
                                     ("grad_beta", "beta.grad"))])
    verdict = verdict & grads & true(got["n_parameters"] == 2 and all(got["parameters_are"]),
                                     "parameters() should return [gamma, beta], the layer's own tensors; "
                                     "the running buffers are not parameters")
    verdict = verdict & true(not any(got["buffers_graph"]), "the running buffers carry an autograd graph: "
                             "update them inside torch.no_grad()")
    return verdict & judge_buffers(got["buffers"], want, "running buffers")


def bn_eval_probe(sub, n, dim, seed, **kwargs) -> dict:
    g = generator(seed)
    bn = sub.BatchNorm1d(dim, **kwargs)
    bn(features(n, dim, seed + 1))                   # one training step first...
    mean = torch.randn(dim, generator=g) * 2         # ...then buffers of the grader's choosing
    var = torch.rand(dim, generator=g) * 3 + 1e-3
    with torch.no_grad():
        bn.gamma.mul_(torch.linspace(0.5, 2.0, dim))
        bn.beta.add_(torch.linspace(-1.0, 1.0, dim))
    bn.running_mean, bn.running_var = mean.clone(), var.clone()
    bn.training = False
    x = features(n, dim, seed + 2)
    out = bn(x)
    single = bn(x[:1])
    return {"x": x, "out": out, "single": single, "mean": mean, "var": var, "buffers": buffers(bn),
            "gamma": bn.gamma.detach(), "beta": bn.beta.detach(), "eps": kwargs.get("eps", 1e-5)}


def judge_bn_eval(got, want) -> Verdict:
    x, eps, gamma, beta = want["x"].double(), want["eps"], want["gamma"].double(), want["beta"].double()
    right = gamma * (x - want["mean"].double()) / torch.sqrt(want["var"].double() + eps) + beta
    verdict = close(got["out"], right.float(), "BatchNorm1d(x) in eval mode", atol=1e-5, rtol=1e-4)
    if not verdict:
        batch = bn_variants(x, eps, gamma, beta)["right"]
        if matches(got["out"], batch):
            return failed("BatchNorm1d(x) in eval mode uses the batch's statistics: with training = False, "
                          "normalise with running_mean and running_var")
        def output(e):
            return gamma * (x - want["mean"].double()) / torch.sqrt(want["var"].double() + e) + beta

        if fixed_eps(got["out"], eps, output):
            return failed(f"BatchNorm1d(x) in eval mode: {FIXED_EPS.format(eps)}")
        if matches(got["out"], output(0.0)):
            return failed(f"BatchNorm1d(x) in eval mode: {BN_SLIPS['no_eps']}")
        return verdict
    single = got["single"]
    verdict = verdict & (close(single, right[:1].float(), "BatchNorm1d in eval mode on a batch of one example",
                               atol=1e-5, rtol=1e-4) if type(single) is torch.Tensor and torch.isfinite(single).all()
                         else failed("BatchNorm1d in eval mode fails on a batch of one example: in eval mode the "
                                     "batch's statistics must not be used"))
    moved = [name for key, name in (("mean", "running_mean"), ("var", "running_var"))
             if not matches(flat(got["buffers"][key]), want[key].double(), atol=0, rtol=0)]
    return verdict & true(not moved, f"{', '.join(moved)} changed in eval mode: update the buffers only "
                          f"when training")


# =========================================================================== lecture4.deep

def param_names(layers) -> list[str]:
    names = ["C"]
    for i, layer in enumerate(layers):
        for j, p in enumerate(layer.parameters()):
            attr = next((a for a in ("weight", "bias", "gamma", "beta") if getattr(layer, a, None) is p), None)
            names.append(f"layers[{i}].{attr}" if attr else f"layers[{i}].parameters()[{j}]")
    return names


def describe_net(C, layers) -> dict:
    params = net_parameters(C, layers)
    return {"kinds": [type(layer).__name__ for layer in layers], "names": param_names(layers),
            "params": [p.detach() for p in params],
            "requires_grad": [bool(p.requires_grad) for p in params],
            "n_params": sum(p.nelement() for p in params)}


def network_probe(sub, sizes, batchnorm, gain, seed) -> dict:
    with course_layers(sub):
        C, layers = sub.build_network(*sizes, batchnorm=batchnorm, gain=gain, generator=generator(seed))
    return describe_net(C, layers)


def network_equals_reference(got, want, sizes, gain: float) -> Verdict:
    kinds, ref = got["kinds"], want["kinds"]
    if kinds != ref:
        first = next((i for i, (a, b) in enumerate(zip(kinds, ref)) if a != b), min(len(kinds), len(ref)))
        found = kinds[first] if first < len(kinds) else "nothing"
        expected = ref[first] if first < len(ref) else "the end of the list"
        return failed(f"layers[{first}] is {found}, expected {expected} (the network has {len(kinds)} layers, "
                      f"expected {len(ref)})")
    shapes = [(n, tuple(g.shape), tuple(w.shape)) for n, g, w in zip(want["names"], got["params"], want["params"])
              if g.shape != w.shape]
    args = "build_network({}, {}, {}, {}, {})".format(*sizes)
    verdict = true(got["n_params"] == want["n_params"], f"{args} has {got['n_params']} parameters, expected "
                   f"{want['n_params']}" + (": {} is {}, expected {}; take the sizes from the arguments".format(
                       *shapes[0]) if shapes else ""))
    if not verdict:
        return verdict
    names = want["names"]
    for i, (g, w) in enumerate(zip(got["params"], want["params"])):
        v = close(g, w, names[i], atol=1e-6, rtol=1e-5)
        if not v:
            return Verdict(0.0, (v.feedback[0] + std_hint(g, w, names[i], gain),))
    return true(all(got["requires_grad"]), "every parameter (C and the layers' parameters()) should have "
                "requires_grad = True")


def training_probe(sub, seed, steps, batch_size, lr, net) -> dict:
    C, layers = build(seed=seed, **net)
    X, Y = some_data(300, start=seed % 1000, block_size=net.get("block_size", 3))
    before = [p.detach().clone() for p in net_parameters(C, layers)]
    with course_layers(sub), swapped(sub, forward=course_forward):      # forward is judged on its own
        result = sub.train(C, layers, X, Y, steps, batch_size=batch_size, lr=lr, generator=generator(seed + 1))
    lossi, ud = result if isinstance(result, (tuple, list)) and len(result) == 2 else (None, None)
    return {"params": [p.detach() for p in net_parameters(C, layers)], "before": before,
            "lossi": [as_float(v) for v in lossi] if isinstance(lossi, list) else describe(lossi),
            "ud": [[as_float(v) for v in row] if isinstance(row, list) else describe(row) for row in ud]
            if isinstance(ud, list) else describe(ud), "names": param_names(layers)}


def training_equals_reference(got, want) -> Verdict:
    if all(torch.equal(g, b) for g, b in zip(got["params"], want["before"])):
        return failed("train() left the parameters unchanged: update them in place (p.data += -lr * p.grad) "
                      "instead of rebinding names")
    lossi = got["lossi"]
    if type(lossi) is not list or len(lossi) != len(want["lossi"]):
        return failed(f"lossi should be a list of {len(want['lossi'])} floats, one per step; got {describe(lossi)}")
    verdict = passed()
    for i, (g, w) in enumerate(zip(lossi, want["lossi"])):
        verdict = close(g, w, f"the loss at step {i}", atol=1e-4, rtol=1e-4)
        if not verdict:
            hint = ("; the first loss is already off: draw the batch with torch.randint(0, X.shape[0], "
                    "(batch_size,), generator=generator) and use F.cross_entropy" if i == 0 else
                    "; the first step's loss is right, so look at the update p.data += -lr * p.grad")
            return Verdict(0.0, (verdict.feedback[0] + hint,))
    for i, (g, w) in enumerate(zip(got["params"], want["params"])):
        v = close(g, w, f"{want['names'][i]} after training", atol=1e-5, rtol=1e-4)
        if not v:
            return v
    ud = got["ud"]
    if type(ud) is not list or len(ud) != len(want["ud"]):
        return failed(f"ud should hold one list per step ({len(want['ud'])}); got {describe(ud)}")
    for i, (g, w) in enumerate(zip(ud, want["ud"])):
        if type(g) is not list or len(g) != len(w):
            return failed(f"ud[{i}] should hold one ratio per parameter ({len(w)}); got {describe(g)}")
        for j, (a, b) in enumerate(zip(g, w)):
            v = close(a, b, f"ud[{i}][{j}] ({want['names'][j]} at step {i})", atol=1e-3, rtol=0)
            if not v:
                return v & failed("ud holds update_to_data(parameters, lr) right after each step's update")
    return passed()


def diagnostics_probe(sub, seed, lr, net) -> dict:
    """The grader trains a few steps itself, then asks for the diagnostics of the last one."""
    C, layers = build(seed=seed, **net)
    params = net_parameters(C, layers)
    X, Y = some_data(200, start=seed % 1000, block_size=net.get("block_size", 3))
    g = generator(seed + 1)
    for _ in range(3):
        ix = torch.randint(0, X.shape[0], (32,), generator=g)
        loss = F.cross_entropy(course_forward(C, layers, X[ix]), Y[ix])
        for layer in layers:
            layer.out.retain_grad()
        for p in params:
            p.grad = None
        loss.backward()
        for p in params:
            p.data += -lr * p.grad
    out = {}
    with course_layers(sub):     # each function on its own, so one done earns its share
        for key, name, args in (("activations", "activation_stats", (layers,)),
                                ("gradients", "gradient_stats", (layers,)), ("ud", "update_to_data", (params, lr))):
            try:
                out[key] = getattr(sub, name)(*args)
            except NotImplementedError:
                out[key] = {"not_implemented": name}
    if isinstance(out["ud"], list):
        out["ud"] = [as_float(v) for v in out["ud"]]
    return out


def judge_stats(got, want, name: str, keys: tuple[str, ...], hints: dict[str, str]) -> Verdict:
    if type(got) is not list or len(got) != len(want):
        return failed(f"{name} should have one entry per Tanh layer but the last ({len(want)}), got {describe(got)}")
    for g, w in zip(got, want):
        if type(g) is not dict:
            return failed(f"{name}: expected dicts with keys {list(w)}, got {describe(g)}")
        if g.get("layer") != w["layer"]:
            return failed(f"{name}: an entry has layer {g.get('layer')!r} where {w['layer']} was expected: the index "
                          f"of the Tanh in layers")
        for k in keys:
            v = close(as_float(g.get(k)), w[k], f"{name} of layer {w['layer']}: {k}", atol=1e-6, rtol=1e-4)
            if not v:
                return Verdict(0.0, (v.feedback[0] + hints.get(k, ""),))
    return passed()


def judge_diagnostics(got, want) -> Verdict:
    """Three parts, a third of the points each; a part not written yet says so."""
    def todo(value):
        return type(value) is dict and "not_implemented" in value

    if all(todo(v) for v in got.values()):
        return failed("not implemented yet: " + ", ".join(f"`{v['not_implemented']}`" for v in got.values()) +
                      " in deep.py")
    parts = []
    for key, name, keys, hints in (("activations", "activation_stats", ("mean", "std", "saturated"),
                                    {"saturated": " (the percentage, 0..100, of |t| > 0.97)"}),
                                   ("gradients", "gradient_stats", ("mean", "std"), {"std": " (of layer.out.grad)"})):
        parts.append(failed(f"not implemented yet: `{name}` in deep.py") if todo(got[key]) else
                     judge_stats(got[key], want[key], name, keys, hints))
    ud = got["ud"]
    if todo(ud):
        uds = failed("not implemented yet: `update_to_data` in deep.py")
    elif type(ud) is not list or len(ud) != len(want["ud"]):
        uds = failed(f"update_to_data should give one number per parameter ({len(want['ud'])}), got {describe(ud)}")
    else:
        uds = passed()
        for i, (g, w) in enumerate(zip(ud, want["ud"])):
            uds = close(g, w, f"update_to_data of parameter {i}", atol=1e-4, rtol=0)
            if not uds:
                uds = Verdict(0.0, (uds.feedback[0] + "; log10 of (lr * grad).std() / data.std()",))
                break
    return partial(parts + [uds])


# =========================================================================== lecture4.E01 (zero init)

PARAMS = ("C", "W1", "b1", "W2", "b2")


def mlp_loss(params, X, Y) -> float:
    emb = params["C"][X]
    h = torch.tanh(emb.view(emb.shape[0], -1) @ params["W1"] + params["b1"])
    return F.cross_entropy(h @ params["W2"] + params["b2"], Y).item()


def zero_init_probe(sub, n_words, steps, batch_size, lr, sizes, seed) -> dict:
    X, Y = some_data(n_words, block_size=sizes["block_size"])
    result = attempt(sub.train_zero_init, X, Y, steps, batch_size=batch_size, lr=lr, n_embd=sizes["n_embd"],
                     n_hidden=sizes["n_hidden"], generator=generator(seed))
    if raised(result) or type(result) is not dict:
        return {"result": raised(result) and f"raised {raised(result)}" or f"returned {describe(result)}"}
    params = result.get("params")
    return {"params": {k: v for k, v in params.items() if k in PARAMS} if isinstance(params, dict) else
            describe(params), "receives_grad": result.get("receives_grad"), "loss": as_float(result.get("loss"))}


def zero_init_equals_reference(got, want, n_words, sizes) -> Verdict:
    if "result" in got:
        call = "train_zero_init(X, Y, steps, n_embd={n_embd}, n_hidden={n_hidden}) with X.shape[1] = {block_size}" \
            .format(**sizes)
        return failed(f"{call} {got['result']}: " + ("take every shape from X and the arguments, not the lecture's "
                      "sizes" if got["result"].startswith("raised") else "return a dict (params, receives_grad, loss)"))
    params, ref = got["params"], want["params"]
    if type(params) is not dict or sorted(params) != sorted(PARAMS):
        return failed(f"'params' should be a dict of the tensors {list(PARAMS)}, got {describe(params)}")
    for k in PARAMS:
        shape = tensor(params[k], ref[k], f"params[{k!r}]")
        if not shape:
            return shape
    X, Y = some_data(n_words, block_size=sizes["block_size"])
    # Which parameters the training moved, computed here from what came back (C against the lecture's init).
    moved = sorted(k for k in PARAMS if k != "C" and (params[k] != 0).any())
    if not torch.allclose(params["C"], ref["C"], atol=1e-6):
        moved = sorted(moved + ["C"])
    reported = got["receives_grad"]
    verdict = true(type(reported) is list and all(type(s) is str for s in reported),
                   f"'receives_grad' should be a list of parameter names, got {describe(reported)}")
    if verdict:
        wanted = want["receives_grad"]
        verdict = true(sorted(reported) == wanted, f"you report {sorted(reported)} as receiving gradient; "
                       f"that is not what an all-zero W1, b1, W2, b2 gives: print each p.grad after the first "
                       f"backward() and look at which are not all zero") & \
            true(moved == sorted(reported), f"your report says {sorted(reported)} receive gradient, but the "
                 f"parameters you returned show {moved} changed" + (" (C is compared with torch.randn((vocab_size, "
                 "n_embd), generator=generator), drawn before any minibatch)" if "C" in moved else ""))
    loss = mlp_loss(params, X, Y)
    expected = mlp_loss(ref, X, Y)
    verdict = verdict & (true(math.isfinite(loss) and abs(loss - expected) < 2e-3,
                              f"your trained parameters reach a loss of {loss:.4f} on the training data; the "
                              f"all-zero init should get stuck near {expected:.4f} (train with the lecture's "
                              f"loop: minibatches from the generator, p.data += -lr * p.grad)"))
    reported_loss = got["loss"]
    return verdict & true(is_number(reported_loss) and abs(reported_loss - loss) < 1e-4,
                          f"the loss you report ({describe(reported_loss)}) is not the loss of the parameters "
                          f"you returned on all of (X, Y) ({loss:.4f})")


# =========================================================================== lecture4.E02 (folding)

def trained_mlp(spec: tuple, seed: int, dtype=torch.float32) -> list:
    """A small MLP with BatchNorm whose statistics are not the trivial 0/1, built the same way each time.

    ``spec`` lists the layers: ("linear", fan_in, fan_out, bias), ("bn", dim, eps), ("tanh",).
    A few training-mode forward passes move the running buffers (leaving them (1, dim)
    shaped, as the lecture's do); gamma, beta and the Linear biases are random; the first
    features of every BatchNorm get a tiny running variance, where eps matters. The
    BatchNorms stay in training mode, as they are at the end of training.
    """
    g = generator(seed)
    layers = []
    for kind, *args in spec:
        if kind == "linear":
            fan_in, fan_out, bias = args
            layer = Linear(fan_in, fan_out, bias=bias, generator=g)
            if bias:
                layer.bias = torch.randn(fan_out, generator=g) * 0.5
        elif kind == "bn":
            dim, eps = args
            layer = BatchNorm1d(dim, eps=eps)
            layer.gamma = 1 + 0.3 * torch.randn(dim, generator=g)
            layer.beta = 0.3 * torch.randn(dim, generator=g)
        else:
            layer = Tanh()
        layers.append(layer)
    for layer in layers:
        for name in ("weight", "bias", "gamma", "beta", "running_mean", "running_var"):
            t = getattr(layer, name, None)
            if t is not None:
                setattr(layer, name, t.to(dtype))
    n_in = spec[0][1]
    with torch.no_grad():
        for _ in range(8):
            x = (torch.randn((64, n_in), generator=g) * 1.5 + 0.5).to(dtype)
            for layer in layers:
                x = layer(x)
        for layer in layers:
            if isinstance(layer, BatchNorm1d):
                layer.running_var[..., :3] = torch.tensor([1e-4, 3e-4, 1e-3], dtype=dtype)
    return layers


def export_layer(layer) -> dict:
    def t(x):
        return x.detach().clone() if isinstance(x, torch.Tensor) else x

    if any(hasattr(layer, a) for a in ("running_mean", "running_var", "gamma")):
        return {"kind": "BatchNorm1d", **{k: t(getattr(layer, k, None)) for k in
                                          ("gamma", "beta", "running_mean", "running_var")},
                "eps": as_float(getattr(layer, "eps", None)), "training": getattr(layer, "training", None) is True}
    if hasattr(layer, "weight"):
        return {"kind": "Linear", "weight": t(layer.weight), "bias": t(getattr(layer, "bias", None))}
    if type(layer).__name__ == "Tanh":
        return {"kind": "Tanh"}
    return {"kind": type(layer).__name__}


def fold_probe(sub, spec, seed, dtype=torch.float32, atol=None) -> dict:     # atol: the judge's
    with course_layers(sub):
        folded = sub.fold_batchnorm(trained_mlp(spec, seed, dtype))
    if not isinstance(folded, (list, tuple)):
        return {"folded": describe(folded)}
    return {"folded": [export_layer(layer) for layer in folded]}


def run_layers(layers: list[dict], x: torch.Tensor, eval_mode: bool = False) -> list[torch.Tensor]:
    """Run exported layers on x with the grader's own code; the output after each layer."""
    outs = []
    for layer in layers:
        kind = layer["kind"]
        if kind == "Linear":
            x = x @ layer["weight"] + (0 if layer["bias"] is None else layer["bias"])
        elif kind == "Tanh":
            x = torch.tanh(x)
        elif kind == "BatchNorm1d":
            if layer["training"] and not eval_mode:
                mean, var = x.mean(0, keepdim=True), x.var(0, keepdim=True)
            else:
                mean, var = layer["running_mean"], layer["running_var"]
            x = layer["gamma"] * (x - mean) / torch.sqrt(var + layer["eps"]) + layer["beta"]
        else:
            raise ValueError(f"a {kind}, which is not one of the lecture's layers")
        outs.append(x)
    return outs


def fold_inputs(n_in: int, dtype, seed: int) -> torch.Tensor:
    """Many inputs the learner's process never saw: the judge's own, from its own seed."""
    g = generator(seed)
    return (torch.randn((4096, n_in), generator=g, dtype=torch.float64) * 2 + 0.5).to(dtype)


def folded_matches_eval_forward(got, spec, seed, dtype=torch.float32, atol=1e-4) -> Verdict:
    folded = got["folded"]
    if type(folded) is not list:
        return failed(f"fold_batchnorm should return a list of layers, got {folded}")
    original = [export_layer(layer) for layer in trained_mlp(spec, seed, dtype)]
    kinds = [layer["kind"] for layer in folded]
    expected = [layer["kind"] for layer in original if layer["kind"] != "BatchNorm1d"]
    if "BatchNorm1d" in kinds:
        left = kinds.index("BatchNorm1d")
        mode = "in training mode" if folded[left]["training"] else "in eval mode"
        return failed(f"the folded network still contains a BatchNorm1d (layers[{left}], {mode}): fold each "
                      f"one into the Linear before it and drop it")
    if kinds != expected:
        return failed(f"the folded network's layers are {kinds}, expected {expected}")
    for i, layer in enumerate(folded):
        if layer["kind"] == "Linear":
            w = layer["weight"]
            if type(w) is not torch.Tensor or w.dtype != dtype or w.dim() != 2:
                return failed(f"folded layers[{i}].weight should be a 2-D {dtype} tensor, got {describe(w)}")
            b = layer["bias"]
            if b is not None and (type(b) is not torch.Tensor or b.dtype != dtype):
                return failed(f"folded layers[{i}].bias should be a {dtype} tensor, got {describe(b)}")
    x = fold_inputs(original[0]["weight"].shape[0], dtype, seed + 1)
    try:
        outs = run_layers(folded, x)
    except RuntimeError as e:
        return failed(f"the folded network could not run on a batch: {str(e).splitlines()[0][:200]}")
    refs = [out for layer, out in zip(original, run_layers(original, x, eval_mode=True))]
    # The original's output after each non-BatchNorm block (a Linear + its BatchNorm counts as one).
    marks = [refs[i + 1] if i + 1 < len(original) and original[i + 1]["kind"] == "BatchNorm1d" else refs[i]
             for i, layer in enumerate(original) if layer["kind"] != "BatchNorm1d"]
    names = [f"{layer['kind']}" for layer in original if layer["kind"] != "BatchNorm1d"]
    for i, (out, ref) in enumerate(zip(outs, marks)):
        v = close(out, ref, f"the output of folded layers[{i}] ({names[i]})", atol=atol, rtol=atol)
        if not v:
            return Verdict(0.0, (v.feedback[0] + ", compared with the original network in eval mode on "
                                 f"{x.shape[0]} random inputs",))
    return passed()


def same_layer(a: dict, b: dict) -> bool:
    if a.get("kind") != b["kind"]:
        return False
    for k, v in b.items():
        if isinstance(v, torch.Tensor):
            if type(a.get(k)) is not torch.Tensor or a[k].shape != v.shape or not torch.equal(a[k], v):
                return False
    return True
