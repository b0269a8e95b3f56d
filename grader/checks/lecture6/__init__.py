"""Lecture 6 (makemore part 5, WaveNet): the public checks.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds what several of them, the hidden checks or the tests share.

The probes build the learner's layers, give them weights made here from a private seeded
generator (so learner and reference compute with the same numbers whatever their own
init drew), feed them inputs made the same way, and return outputs, shapes and running
statistics. The judges compare with the reference and explain the lecture's two classic
slips in its own terms: BatchNorm reducing over dim 0 only of a (B, T, C) input, and
FlattenConsecutive grouping time steps that are not neighbours.
The hidden checks (grader/checks/hidden/lecture6/) ask the same with other sizes.

One mistake costs one exercise: the model exercise builds the learner's ``build_model`` out
of the course's own layers (``COURSE_LAYERS``, swapped into the learner's module while it
runs), so a wrong layer loses the layers or batchnorm exercise, not the model as well.
"""
from __future__ import annotations

import math
from unittest import mock

import torch

from grader.judge import Verdict, close, equal, failed, passed, tensor, true

# --------------------------------------------------------------------------- the course's own layers

class Layer:
    """What the course's layers share: the last output kept in ``out``; ``parameters()`` by name."""
    params: tuple[str, ...] = ()

    def __call__(self, x):
        self.out = self.forward(x)
        return self.out

    def parameters(self):
        return [getattr(self, name) for name in self.params]


class BatchNorm1d(Layer):
    """Statistics over every dimension but the last (unbiased variance, as in the lecture)."""
    params = ("gamma", "beta")

    def __init__(self, dim, eps=1e-5, momentum=0.1):
        vars(self).update(eps=eps, momentum=momentum, training=True, gamma=torch.ones(dim), beta=torch.zeros(dim),
                          running_mean=torch.zeros(dim), running_var=torch.ones(dim))

    def forward(self, x):
        dims = tuple(range(x.dim() - 1))
        mean, var = (x.mean(dims), x.var(dims)) if self.training else (self.running_mean, self.running_var)
        if self.training:
            with torch.no_grad():
                self.running_mean = torch.lerp(self.running_mean, mean, self.momentum)
                self.running_var = torch.lerp(self.running_var, var, self.momentum)
        return self.gamma * (x - mean) / torch.sqrt(var + self.eps) + self.beta


class Embedding(Layer):
    params = ("weight",)

    def __init__(self, num_embeddings, embedding_dim):
        self.weight = torch.randn((num_embeddings, embedding_dim))

    def forward(self, IX):
        return self.weight[IX]


class FlattenConsecutive(Layer):
    def __init__(self, n):
        self.n = n

    def forward(self, x):
        B, T, C = x.shape
        out = x.reshape(B, T // self.n, self.n * C)
        return out[:, 0] if T == self.n else out


class Sequential(Layer):
    def __init__(self, layers):
        self.layers = layers

    def forward(self, x):
        for layer in self.layers:
            x = layer(x)
        self.out = x                # as the lecture's Sequential keeps it
        return self.out

    def parameters(self):
        return sum((layer.parameters() for layer in self.layers), [])


COURSE_LAYERS = {cls.__name__: cls for cls in (BatchNorm1d, Embedding, FlattenConsecutive, Sequential)}


def course_layers(sub):
    """While on, the learner's module holds the course's layers (Linear and Tanh are given: the learner's
    own): build_model is judged on its own."""
    return mock.patch.multiple(sub, create=True, **COURSE_LAYERS)


# --------------------------------------------------------------------------- probe helpers

def gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def plain(t):
    """A tensor (a Parameter too) as a plain detached copy; anything else as it is."""
    return t.detach().clone().as_subclass(torch.Tensor) if isinstance(t, torch.Tensor) else t


def fill(params, seed: int) -> list[tuple[int, ...]]:
    """Overwrite ``params`` in place with seeded values (by position); returns their shapes.

    2-D tensors get a kaiming-like ``randn / sqrt(rows)``, 1-D ones ``1 + 0.3 randn`` (a
    scale for a BatchNorm gamma, harmless as a bias or beta). In place, so a layer that
    holds the tensor sees the new values.
    """
    g = gen(seed)
    shapes = []
    with torch.no_grad():
        for p in params:
            if type(p) is not torch.Tensor:
                shapes.append(None)
                continue
            shapes.append(tuple(p.shape))
            if p.dim() == 2:
                p.copy_(torch.randn(p.shape, generator=g) / math.sqrt(p.shape[0]))
            else:
                p.copy_(1 + 0.3 * torch.randn(p.shape, generator=g))
    return shapes


def tagged(B: int, T: int, C: int) -> torch.Tensor:
    """x[b, t, c] = 1000 t + c + b / 10: each value says which time step it came from."""
    b, t, c = torch.meshgrid(torch.arange(B), torch.arange(T), torch.arange(C), indexing="ij")
    return (1000 * t + c + b / 10).float()


def flatten_probe(sub, n: int, B: int, T: int, C: int, seed: int) -> dict:
    layer = sub.FlattenConsecutive(n)
    x = torch.randn(B, T, C, generator=gen(seed))
    return {"out": layer(x), "tagged": layer(tagged(B, T, C)), "params": list(layer.parameters())}


def embedding_probe(sub, num: int, dim: int, IX: torch.Tensor, seed: int) -> dict:
    torch.manual_seed(seed)
    fresh = sub.Embedding(num, dim)
    init = plain(fresh.weight)
    emb = sub.Embedding(num, dim)
    shapes = fill(emb.parameters(), seed)
    params = emb.parameters()
    return {"init": init, "shapes": shapes, "out": emb(IX), "stored": emb.out,
            "is_weight": len(params) == 1 and params[0] is emb.weight}


def bn_probe(sub, shape: tuple[int, ...], seed: int, momentum: float = 0.1, eps: float = 1e-5,
             steps: int = 2) -> dict:
    """Train-mode outputs and running buffers after ``steps`` batches, then an eval-mode output."""
    g = gen(seed)
    C = shape[-1]
    bn = sub.BatchNorm1d(C, eps=eps, momentum=momentum)
    bn.gamma = 1 + 0.3 * torch.randn(C, generator=g)
    bn.beta = 0.3 * torch.randn(C, generator=g)
    outs = []
    for _ in range(steps):
        x = 3 * torch.randn(shape, generator=g) + torch.randn(C, generator=g)
        outs.append(bn(x))
    rm, rv = bn.running_mean, bn.running_var
    result = {"train": outs, "rm_shape": tuple(torch.as_tensor(rm).shape),
              "running_mean": torch.as_tensor(rm).reshape(-1), "running_var": torch.as_tensor(rv).reshape(-1)}
    bn.training = False
    bn.running_mean = torch.randn(C, generator=g)
    bn.running_var = torch.rand(C, generator=g) + 0.5
    result["eval"] = bn(3 * torch.randn(shape, generator=g))
    return result


def bn_grad_probe(sub, shape: tuple[int, ...], seed: int) -> dict:
    g = gen(seed)
    bn = sub.BatchNorm1d(shape[-1])
    params = bn.parameters()
    for p in params:
        p.requires_grad = True
    x = torch.randn(shape, generator=g).requires_grad_()
    weights = torch.randn(shape, generator=g)
    (bn(x) * weights).sum().backward()
    return {"n_params": len(params), "grads": [p.grad for p in params], "x_grad": x.grad,
            "is_gamma_beta": len(params) == 2 and params[0] is bn.gamma and params[1] is bn.beta}


def model_probe(sub, vocab_size: int, block_size: int, n_embd: int, n_hidden: int, seed: int,
                B: int = 32) -> dict:
    """The hierarchical model (of the course's layers) with seeded weights: shapes after every layer,
    train and eval logits."""
    with course_layers(sub):
        model = sub.build_model(vocab_size, block_size, n_embd, n_hidden)
    params = model.parameters()
    shapes = fill(params, seed)
    g = gen(seed + 1)
    x = torch.randint(0, vocab_size, (B, block_size), generator=g)
    h, trace = x, []
    for layer in model.layers:
        h = layer(h)
        trace.append([type(layer).__name__, tuple(h.shape)])
    train = model(torch.randint(0, vocab_size, (B, block_size), generator=g))
    for layer in model.layers:
        layer.training = False
    evaluate = model(torch.randint(0, vocab_size, (B, block_size), generator=g))
    return {"n_params": sum(p.nelement() for p in params), "shapes": shapes, "trace": trace,
            "train": train, "eval": evaluate}


# --------------------------------------------------------------------------- judge helpers

def judge_flatten(got: dict, want: dict, name: str) -> Verdict:
    """Values of FlattenConsecutive; on a mismatch, say which time steps were grouped."""
    shape = tensor(got["out"], want["out"], name)
    if not shape:
        if type(got["out"]) is torch.Tensor and got["out"].dim() == want["out"].dim() + 1 \
                and 1 in got["out"].shape[1:2]:
            return failed(f"{name}: got shape {tuple(got['out'].shape)}, expected "
                          f"{tuple(want['out'].shape)}: when one time step is left, squeeze it away")
        return shape
    verdict = close(got["out"], want["out"], name, atol=0, rtol=0)
    if verdict:
        return passed() & equal(got["params"], [], f"{name}.parameters()")
    g, w = got["tagged"], want["tagged"]
    if type(g) is torch.Tensor and g.shape == w.shape:
        C = int(w.shape[-1]) // _n_of(want)
        steps = lambda t, i: sorted({int(v) // 1000 for v in t[0, i].reshape(-1)[::C].tolist()})  # noqa: E731
        i = 0 if w.dim() == 2 else next((k for k in range(w.shape[1]) if not torch.equal(g[:, k], w[:, k])), 0)
        if w.dim() == 2:
            g, w = g[:, None], w[:, None]
        got_steps, want_steps = steps(g, i), steps(w, i)
        if got_steps != want_steps:
            return failed(f"{name}: output step {i} concatenates input time steps {got_steps}; it should "
                          f"join the {len(want_steps)} consecutive steps {want_steps}")
        return failed(f"{name}: output step {i} joins the right time steps but in the wrong order or "
                      f"layout: each step's C values must stay together, in time order")
    return verdict


def _n_of(want: dict) -> int:
    """n of a FlattenConsecutive, from the reference's tagged output (steps joined per output step)."""
    w = want["tagged"]
    row = w[0] if w.dim() == 2 else w[0, 0]
    return len({int(v) // 1000 for v in row.tolist()})


def judge_embedding(got: dict, want: dict, name: str) -> Verdict:
    v = close(got["init"], want["init"], f"{name}.weight at init", atol=0, rtol=0)
    if not v:
        v = failed(f"{name}.weight at init differs from torch.randn((num_embeddings, embedding_dim)) "
                   f"drawn from the same seed ({v.feedback[0]})")
    return (v & equal(got["shapes"], want["shapes"], f"{name}.parameters() shapes")
            & true(got["is_weight"], f"{name}.parameters() should return [weight], the tensor the lookup uses")
            & close(got["out"], want["out"], f"{name}(IX)", atol=0, rtol=0)
            & close(got["stored"], want["stored"], f"{name}.out (the last output)", atol=0, rtol=0))


def judge_bn(got: dict, want: dict, name: str, atol: float = 1e-5) -> Verdict:
    """Train outputs, running buffers (one value per channel) and the eval output of a BatchNorm1d."""
    C = int(want["running_mean"].numel())
    rm = got["running_mean"]
    if type(rm) is torch.Tensor and rm.numel() != C:
        shape = got["rm_shape"]
        per_step = len(shape) == 3 and shape[1] > 1
        why = ("; for a (B, T, C) input the statistics must be over dims (0, 1), not over dim 0 only "
               "(that gives every time step its own mean)" if per_step else "")
        return failed(f"{name}: running_mean holds {rm.numel()} values (shape {tuple(shape)}) for {C} "
                      f"channels{why}")
    verdict = passed()
    for i, (g, w) in enumerate(zip(got["train"], want["train"])):
        v = close(g, w, f"{name} output in training mode, batch {i}", atol=atol, rtol=1e-4)
        if not v and type(g) is torch.Tensor and g.shape == w.shape and g.dim() == 3:
            # reduced over dim 0 only, the batch mean of every (t, c) is beta[c]: the same for all t
            spread = lambda o: float((o.mean(0) - o.mean((0, 1))).abs().max())  # noqa: E731
            if spread(g) < 1e-4 and spread(w) > 1e-2:
                v = failed(f"{name}: in training mode every (time step, channel) of your output has "
                           f"its own batch statistics: for a (B, T, C) input reduce over dims (0, 1), "
                           f"not dim 0 only ({v.feedback[0]})")
        verdict = verdict & v
        if not v:
            break
    if not verdict:
        return verdict
    return (close(got["running_mean"], want["running_mean"], f"{name}.running_mean", atol=atol, rtol=1e-4)
            & close(got["running_var"], want["running_var"], f"{name}.running_var", atol=atol, rtol=1e-4)
            & close(got["eval"], want["eval"], f"{name} output in eval mode (running statistics)",
                    atol=atol, rtol=1e-4))


def judge_model(got: dict, want: dict, name: str) -> Verdict:
    if got["trace"] != want["trace"]:
        for i, (g, w) in enumerate(zip(got["trace"], want["trace"])):
            if g != w:
                return failed(f"{name}: layer {i} is {g[0]} with output shape {tuple(g[1])}; expected "
                              f"{w[0]} with output shape {tuple(w[1])}")
        return failed(f"{name}: {len(got['trace'])} layers, expected {len(want['trace'])}")
    if got["shapes"] != want["shapes"]:
        return failed(f"{name}: parameters() gives tensors of shapes {got['shapes'][:6]}…, expected "
                      f"{want['shapes'][:6]}… (layer by layer, in order)")
    return (close(got["train"], want["train"], f"{name} logits in training mode", atol=1e-4, rtol=1e-4)
            & close(got["eval"], want["eval"], f"{name} logits in eval mode", atol=1e-4, rtol=1e-4))


def judge_count(got: dict, want: dict, name: str) -> Verdict:
    if got["n_params"] != want["n_params"]:
        return failed(f"{name} has {got['n_params']} parameters, expected {want['n_params']}")
    return passed()
