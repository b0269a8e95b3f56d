"""Lecture 1 (micrograd): the public checks.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds what several of them, the hidden checks or the tests share.

Everything is judged against torch autograd in float64, computed here in the grader,
never against what the learner's code says about itself. An expression is a *graph
description*: a list of nodes, each a leaf with its value or an operation on earlier
nodes (``("mul", (0, 1), None)`` is ``n0 * n1``; ``("radd", (2,), 2.0)`` is
``2.0 + n2``). The probe builds it with the learner's ``Value`` and returns every node's
``data`` and ``grad``; the judge builds the same description (made again here from the
same seed, not taken from the probe) with torch tensors and names the first value that
disagrees, and, for gradients, the operation whose gradient is wrong. The hidden checks
in grader/checks/hidden/lecture1/ run the same machinery on other values and graphs.

Only lecture1.value runs the learner's ``Value``. The probes of nn, training and gradients
hand the learner's code :class:`Trusted` numbers (differentiated by torch) and training a
model of the grader's, so a mistake in engine.py or nn.py costs that exercise alone.
"""
from __future__ import annotations

import itertools
import math
import random
import sys

import torch

from grader.judge import Verdict, describe, failed, is_number, partial, passed

ATOL, RTOL = 1e-6, 1e-6      # float64 on both sides: only rounding separates right answers

# --------------------------------------------------------------------------- graph descriptions

# op -> (arity, how it reads with operands x, y and constant k, the Value method a learner writes)
OPS = {
    "add": (2, "{x} + {y}", "__add__"), "sub": (2, "{x} - {y}", "__sub__"),
    "mul": (2, "{x} * {y}", "__mul__"), "div": (2, "{x} / {y}", "__truediv__"),
    "addk": (1, "{x} + {k}", "__add__"), "subk": (1, "{x} - {k}", "__sub__"),
    "mulk": (1, "{x} * {k}", "__mul__"), "divk": (1, "{x} / {k}", "__truediv__"),
    "radd": (1, "{k} + {x}", "__radd__"), "rsub": (1, "{k} - {x}", "__rsub__"),
    "rmul": (1, "{k} * {x}", "__rmul__"), "rdiv": (1, "{k} / {x}", "__rtruediv__"),
    "pow": (1, "{x} ** {k}", "__pow__"), "neg": (1, "-{x}", "__neg__"),
    "exp": (1, "{x}.exp()", "exp"), "log": (1, "{x}.log()", "log"),
    "tanh": (1, "{x}.tanh()", "tanh"), "relu": (1, "{x}.relu()", "relu"),
}


BINARY = {"add": lambda x, y, k: x + y, "sub": lambda x, y, k: x - y, "mul": lambda x, y, k: x * y,
          "div": lambda x, y, k: x / y, "addk": lambda x, y, k: x + k, "subk": lambda x, y, k: x - k,
          "mulk": lambda x, y, k: x * k, "divk": lambda x, y, k: x / k, "radd": lambda x, y, k: k + x,
          "rsub": lambda x, y, k: k - x, "rmul": lambda x, y, k: k * x, "rdiv": lambda x, y, k: k / x,
          "pow": lambda x, y, k: x ** k, "neg": lambda x, y, k: -x}


def apply(op: str, xs: list, k):
    """One operation on learner Values or torch tensors alike (Python dispatches the same way)."""
    if op in BINARY:
        return BINARY[op](xs[0], xs[1] if len(xs) > 1 else None, k)
    return getattr(xs[0], op)()          # exp, log, tanh, relu


def names(desc: list) -> list[str]:
    """Leaves are a, b, c, ...; operations v1, v2, ... in the order they are made."""
    out, leaves, ops = [], 0, 0
    for op, _, _ in desc:
        if op == "leaf":
            out.append("abcdefghijklmnopqrstuvwxyz"[leaves] if leaves < 26 else f"x{leaves}")
            leaves += 1
        else:
            ops += 1
            out.append(f"v{ops}")
    return out


def expression(desc: list, i: int, label: list[str] | None = None) -> str:
    """Node ``i`` as code, e.g. ``v3.tanh()`` or ``2.0 - a``."""
    label = label or names(desc)
    op, args, k = desc[i]
    if op == "leaf":
        return label[i]
    x = label[args[0]]
    y = label[args[1]] if len(args) > 1 else ""
    return OPS[op][1].format(x=x, y=y, k=f"({k})" if isinstance(k, (int, float)) and k < 0 else k)


def listing(desc: list) -> str:
    """The whole graph on one line: ``a = 1.3, b = -0.8; v1 = a * b; v2 = v1.tanh()``."""
    label = names(desc)
    leaves = ", ".join(f"{label[i]} = {k:.4g}" for i, (op, _, k) in enumerate(desc) if op == "leaf")
    ops = "; ".join(f"{label[i]} = {expression(desc, i, label)}" for i, (op, _, _) in enumerate(desc)
                    if op != "leaf")
    return f"{leaves}; {ops}"


def python_value(op: str, xs: list[float], k) -> float:
    """What the node should hold, in plain floats (used to keep random graphs well-defined)."""
    unary = {"tanh": math.tanh, "exp": math.exp, "log": math.log, "relu": lambda x: max(0.0, x)}
    return unary[op](xs[0]) if op in unary else apply(op, xs, k)


def well_defined(op: str, xs: list[float], k) -> bool:
    """Stay away from poles, kinks and complex powers, so every right answer agrees to 1e-6."""
    x = xs[0]
    if op == "div":
        return abs(xs[1]) >= 0.3
    if op == "rdiv":
        return abs(x) >= 0.3
    if op == "log":
        return x >= 0.2
    if op == "exp":
        return x <= 3.0
    if op == "relu":
        return abs(x) >= 0.05
    if op == "pow":
        if k != int(k) and x < 0.2:
            return False
        return k >= 0 or abs(x) >= 0.3
    return True


CONSTANTS = (2.0, -1.5, 0.5, 3.0, -0.25)
POWERS = (2, 3, -1, 0.5, 1.5, -2)


def random_graph(seed, n_leaves: int = 3, n_ops: int = 10) -> list:
    """A seeded random expression whose output (the last node) adds up every unused node.

    Operands are drawn so that nodes get reused (the same node twice in one operation,
    or one node feeding several operations), which is where wrong gradients show.
    """
    rng = random.Random(seed)
    desc: list = []
    vals: list[float] = []
    used = [0] * (n_leaves + n_ops)
    for _ in range(n_leaves):
        v = rng.choice((-1, 1)) * rng.uniform(0.4, 2.0)
        desc.append(("leaf", (), round(v, 4)))
        vals.append(round(v, 4))

    def operand() -> int:
        fresh = [i for i in range(n_leaves, len(desc)) if not used[i]]
        seen = [i for i in range(len(desc)) if used[i]]
        r = rng.random()
        if fresh and r < 0.5:
            return rng.choice(fresh[-3:])          # grow chains: depth
        if seen and r < 0.8:
            return rng.choice(seen)                # reuse: a node feeding several operations
        return rng.randrange(len(desc))

    while len(desc) < n_leaves + n_ops:
        op = rng.choice(sorted(OPS))
        arity = OPS[op][0]
        args = (operand(),) if arity == 1 else (operand(),) * 2 if rng.random() < 0.15 else (operand(), operand())
        k = rng.choice(POWERS) if op == "pow" else rng.choice(CONSTANTS) if "{k}" in OPS[op][1] else None
        xs = [vals[i] for i in args]
        if not well_defined(op, xs, k):
            continue
        v = python_value(op, xs, k)
        if isinstance(v, complex) or not math.isfinite(v) or abs(v) > 20:
            continue
        for i in args:
            used[i] += 1
        desc.append((op, args, k))
        vals.append(v)
    # the output: every node nobody used yet, added up in order
    sinks = [i for i in range(n_leaves, len(desc)) if not used[i]]
    out = sinks[0]
    for s in sinks[1:]:
        desc.append(("add", (out, s), None))
        out = len(desc) - 1
    if desc[-1][0] == "leaf" or out != len(desc) - 1:       # cannot happen, but keep the output last
        desc.append(("addk", (out,), 0.0))
    return desc


def graph(*nodes) -> list:
    """A hand-written description; leaves as floats, operations as (op, args, k) tuples."""
    return [("leaf", (), n) if isinstance(n, float) else n for n in nodes]


# --------------------------------------------------------------------------- probe side

def number(x):
    """A learner's number as a float; anything else as a short description string."""
    if type(x) in (int, float, bool):
        return float(x)
    try:
        import numbers
        if isinstance(x, numbers.Real):
            return float(x)
    except Exception:
        pass
    return f"<{type(x).__name__}>"


def stable_order(Value) -> None:
    """Hash the learner's Values by creation order (patched once per sandbox process).

    micrograd keeps a node's children in a set, and objects hash by address, so a backward
    without a topological sort would go wrong on different graphs from one run to the
    next. With this, every run iterates the sets the same way and the same code always
    gets the same report; for correct code any order is right, so nothing else changes.
    """
    if not isinstance(Value, type) or vars(Value).get("_coursekit_stable"):
        return
    counter, init = itertools.count(), Value.__init__

    def __init__(self, *args, **kwargs):
        try:
            object.__setattr__(self, "_coursekit_order", next(counter))
        except AttributeError:          # __slots__ without room for it: keep address hashing
            pass
        init(self, *args, **kwargs)

    Value.__init__ = __init__
    Value.__hash__ = lambda self: getattr(self, "_coursekit_order", id(self))
    Value._coursekit_stable = True


def run_graph(Value, desc: list, backward: bool = True) -> dict:
    """Build ``desc`` with the learner's ``Value``; every node's data (and grad after backward)."""
    stable_order(Value)
    nodes = []
    for i, (op, args, k) in enumerate(desc):
        try:
            nodes.append(Value(k) if op == "leaf" else apply(op, [nodes[j] for j in args], k))
        except NotImplementedError:
            raise
        except Exception as e:
            return {"error": f"{type(e).__name__}: {str(e)[:200]}", "node": i}
        if not hasattr(nodes[-1], "data"):
            return {"error": f"returned {describe(nodes[-1])}, not a Value", "node": i}
    out = {"data": [number(n.data) for n in nodes]}
    if backward:
        try:
            nodes[-1].backward()
        except NotImplementedError:
            raise
        except Exception as e:
            return {"error": f"{type(e).__name__}: {str(e)[:200]}", "node": len(desc), **out}
        out["grad"] = [number(getattr(n, "grad", None)) for n in nodes]
    return out


def run_graphs(Value, descs: list, backward: bool = True) -> list[dict]:
    return [run_graph(Value, d, backward) for d in descs]


class Trusted:
    """The grader's stand-in for the learner's ``Value``: a float64 scalar differentiated by torch.

    ``data`` and ``grad`` are floats as in micrograd, ``backward()`` adds to every leaf's ``grad``
    (so a loop that never resets them piles them up); the operations are the lecture's. A
    submission cannot import it (grader.source.grader_reach)."""

    def __init__(self, data, *_, **__):
        self.data, self.grad = data, 0.0

    @property
    def data(self) -> float:
        return float(self._t.detach())

    @data.setter
    def data(self, value) -> None:          # a leaf again (the update p.data += -lr * p.grad)
        self._t, self._prev = torch.tensor(float(value), dtype=torch.float64, requires_grad=True), ()

    def _lift(f):
        def op(self, *others):
            if not all(isinstance(o, (Trusted, int, float)) for o in others):
                return NotImplemented
            out = Trusted.__new__(Trusted)
            out._t = f(self._t, *(o._t if isinstance(o, Trusted) else o for o in others))
            out._prev, out.grad = (self, *(o for o in others if isinstance(o, Trusted))), 0.0
            return out
        return op

    __add__, __radd__ = _lift(lambda x, y: x + y), _lift(lambda x, y: y + x)
    __sub__, __rsub__ = _lift(lambda x, y: x - y), _lift(lambda x, y: y - x)
    __mul__, __rmul__ = _lift(lambda x, y: x * y), _lift(lambda x, y: y * x)
    __truediv__, __rtruediv__ = _lift(lambda x, y: x / y), _lift(lambda x, y: y / x)
    __pow__, __neg__ = _lift(lambda x, k: x ** k), _lift(lambda x: -x)
    exp, log, tanh, relu = _lift(torch.exp), _lift(torch.log), _lift(torch.tanh), _lift(torch.relu)
    del _lift

    def backward(self) -> None:
        leaves, seen, todo = [], set(), [self]
        while todo:
            v = todo.pop()
            if id(v) not in seen:
                seen.add(id(v))
                todo.extend(v._prev)
                leaves += [] if v._prev else [v]
        grads = torch.autograd.grad(self._t, [v._t for v in leaves], allow_unused=True)
        for v, g in zip(leaves, grads):
            v.grad += 0.0 if g is None else float(g)
        self.grad = 1.0


def trusting(module) -> None:
    """Make ``module`` (the learner's nn.py, train.py or gradients.py) build Trusted numbers
    wherever it would build its own ``Value``, so their engine.py plays no part."""
    engine = sys.modules.get("engine")
    own = getattr(engine, "Value", None)
    for m in {id(m): m for m in (module, engine) if m is not None}.values():
        for name, obj in list(vars(m).items()):
            if (own is not None and obj is own) or (m is module and name == "Value"):
                setattr(m, name, Trusted)


class TrustedMLP:
    """The lecture's ``MLP(nin, nouts)`` of Trusted numbers, with the parameters ``flat`` (each
    neuron's weights, then its bias): the model the training checks hand the learner's code."""

    def __init__(self, nin: int, nouts, flat: list[float]):
        it, sizes = iter(flat), [nin] + list(nouts)
        self.layers = [[([Trusted(next(it)) for _ in range(a)], Trusted(next(it))) for _ in range(b)]
                       for a, b in zip(sizes, sizes[1:])]

    def __call__(self, x):
        for layer in self.layers:
            x = [sum((w * xi for w, xi in zip(ws, x)), b).tanh() for ws, b in layer]
        return x[0] if len(x) == 1 else x

    def parameters(self) -> list[Trusted]:
        return [p for layer in self.layers for ws, b in layer for p in (*ws, b)]

    def zero_grad(self) -> None:
        for p in self.parameters():
            p.grad = 0.0


# --------------------------------------------------------------------------- judge side

def torch_graph(desc: list) -> tuple[list[float], list[float]]:
    """Every node's value and gradient, by torch autograd in float64."""
    nodes = []
    for op, args, k in desc:
        if op == "leaf":
            t = torch.tensor(k, dtype=torch.float64, requires_grad=True)
        else:
            t = apply(op, [nodes[j] for j in args], k)
            t.retain_grad()
        nodes.append(t)
    nodes[-1].backward()
    return [float(t.detach()) for t in nodes], \
        [float(t.grad) if t.grad is not None else 0.0 for t in nodes]


def show(x) -> str:
    return f"{x:.6g}" if is_number(x) else str(x)


def near(got, want: float) -> bool:
    return is_number(got) and math.isfinite(got) and abs(got - want) <= ATOL + RTOL * abs(want)


def uses(desc: list, i: int) -> list[tuple[int, int]]:
    """Every (operation node, operand position) where node ``i`` is an operand."""
    return [(j, p) for j, (op, args, _) in enumerate(desc) if op != "leaf" for p, a in enumerate(args) if a == i]


def contributions(desc: list, data: list[float], grad: list[float], i: int) -> list[float]:
    """What each use of node ``i`` should add to its grad (local derivative times the user's grad)."""
    return [local_derivatives(desc, data, j)[p] * grad[j] for j, p in uses(desc, i)]


def local_derivatives(desc: list, data: list[float], j: int) -> list[float]:
    """d(node j)/d(operand) for each operand slot of operation ``j``, by torch."""
    op, args, k = desc[j]
    xs = [torch.tensor(data[a], dtype=torch.float64, requires_grad=True) for a in args]
    return [float(g) for g in torch.autograd.grad(apply(op, xs, k), xs)]


def subset_sums(parts: list[float]) -> list[float]:
    """The sums of every nonempty proper subset of ``parts`` (for a handful of uses)."""
    sums = []
    for r in range(1, len(parts)):
        for combo in itertools.combinations(parts, r):
            sums.append(sum(combo))
    return sums


def passed_on_early(desc: list, i: int, got: float, data: list[float], grad: list[float]) -> bool:
    """Does ``got`` fit a user of node ``i`` having passed on only part of its own gradient?

    That is what calling ``_backward`` out of topological order does: a node used twice
    runs its ``_backward`` after one use has added its share and before the other has.
    """
    options = []
    for j in sorted({j for j, _ in uses(desc, i)}):
        local = sum(local_derivatives(desc, data, j)[p] for user, p in uses(desc, i) if user == j)
        shares = [grad[j]]
        if len(uses(desc, j)) > 1:
            shares += subset_sums(contributions(desc, data, grad, j)) + [0.0]
        options.append([local * s for s in shares])
    if math.prod(len(o) for o in options) > 4096:
        return False
    totals = [sum(c) for c in itertools.product(*options)][1:]    # the first is the right answer
    return any(near(got, t) for t in totals)




BUILT_FROM = {"sub": "self + (-other)", "subk": "self + (-other)", "rsub": "other + (-self)",
              "div": "self * other**-1", "divk": "self * other**-1", "rdiv": "other * self**-1", "neg": "self * -1"}


def method_hint(op: str) -> str:
    """Where to look: the method, and for the lecture's composite ones what they are built from."""
    method = OPS[op][2]
    if op in BUILT_FROM:
        return f"{method} (built as {BUILT_FROM[op]}? then also the operations it uses)"
    return f"_backward of {method}"


def enumerate_names(items: list[str]) -> str:
    """'v2 is used' / 'v2 and v4 are used'."""
    if len(items) == 1:
        return f"{items[0]} is used"
    return f"{', '.join(items[:-1])} and {items[-1]} are used"


ORDER = "walk the topological order in reverse (for v in reversed(topo))"


def leaves_first(desc: list, got: list, data: list[float], grad: list[float]) -> str:
    """What a backward() that calls each node's _backward before its users' (the topological order
    walked forwards) leaves: every node passes its grad on while it is still 0, so only the output's
    operands receive theirs. The feedback for that pattern, or ''."""
    out, label = len(desc) - 1, names(desc)
    operands = desc[out][1]
    share = {a: sum(d for b, d in zip(operands, local_derivatives(desc, data, out)) if b == a) for a in operands}
    below = [i for i in range(out) if i not in share]
    wrong = [i for i in below if not near(0.0, grad[i])]
    if not (near(got[out], 1.0) and wrong and all(got[i] == 0 for i in below)
            and any(share[a] != 0 and near(got[a], share[a]) for a in share)):
        return ""
    i = wrong[-1]
    return (f"{label[i]}.grad is 0 (expected {grad[i]:.6g}), as is every gradient below the output's operands: "
            f"backward() calls _backward from the leaves up, so each node passes on its gradient before "
            f"receiving it; {ORDER}")


def diagnose(desc: list, i: int, got: float, data: list[float], grad: list[float]) -> str:
    """Why node ``i``'s gradient is wrong, given that every node after it is right."""
    label = names(desc)
    name = label[i]
    users = sorted({j for j, _ in uses(desc, i)})
    shown = f"got {got:.6g}, expected {grad[i]:.6g}"
    if i == len(desc) - 1:
        return f"backward() should leave the output {name} = {expression(desc, i)} with grad 1.0 ({shown})"
    if not users:
        return f"{name} is not used by the output, so its grad should stay 0 ({shown})"
    parts = contributions(desc, data, grad, i)
    shared = [j for j in users if len(uses(desc, j)) > 1]
    overwrite = len(parts) > 1 and any(near(got, s) for s in subset_sums(parts) + [0.0])
    early = bool(shared) and passed_on_early(desc, i, got, data, grad)
    order = ("call every node's _backward in reverse topological order, so that a node passes its "
             "gradient on only after all of its uses have added theirs")
    if overwrite and early:
        return (f"the gradient of {name} holds only part of what its {len(parts)} uses give it ({shown}): "
                f"add each use's share with += (never =), and {order} "
                f"({enumerate_names([label[j] for j in shared])} more than once)")
    if overwrite:
        if len(users) == 1:
            u = users[0]
            return (f"d/d{name} of {expression(desc, u)} is wrong when {name} is used twice in it ({shown}): "
                    f"each use adds its share, so _backward must use += (never =)")
        ops = " and ".join(expression(desc, j) for j in users)
        return (f"{name} is used by {ops}, but its gradient holds only part of their contributions "
                f"({shown}): each _backward must add with += (never =)")
    if early:
        return (f"the gradient of {name} is wrong ({shown}) although every operation using it has the "
                f"right gradient: {enumerate_names([label[j] for j in shared])} more than once, so {order}")
    if len(users) == 1:
        u = users[0]
        return f"d/d{name} of {expression(desc, u)} is wrong ({shown}): check {method_hint(desc[u][0])}"
    ops = " and ".join(expression(desc, j) for j in users)
    return f"the gradient of {name}, used by {ops}, is wrong ({shown}): check the _backward of those operations"


def hint_for_error(desc: list, node: int, message: str) -> str:
    if node >= len(desc):
        return f"backward() raised {message}"
    op = desc[node][0]
    text = f"{expression(desc, node)} raised {message}" if op != "leaf" else f"Value({desc[node][2]}) raised {message}"
    if op in ("radd", "rsub", "rmul", "rdiv") and "unsupported operand" in message:
        text += f": Python calls {OPS[op][2]} on the Value when the number comes first"
    return text


def judge_graph(desc: list, got, title: str = "", backward: bool = True) -> str:
    """'' if the learner's nodes match torch, else one line saying what is first wrong."""
    prefix = f"{title}: " if title else ""
    if type(got) is not dict:
        return f"{prefix}expected the graph's results, got {describe(got)}"
    if "error" in got:
        return prefix + hint_for_error(desc, int(got.get("node", 0)), str(got["error"]))
    data, grad = torch_graph(desc)
    label = names(desc)
    mine = got.get("data")
    if type(mine) is not list or len(mine) != len(desc):
        return f"{prefix}expected {len(desc)} values, got {describe(mine)}"
    for i, (g, w) in enumerate(zip(mine, data)):
        if not near(g, w):
            shown = f"{g:.6g}" if is_number(g) else str(g)
            what = f"{label[i]} = {expression(desc, i)}" if desc[i][0] != "leaf" else f"Value({w})"
            return f"{prefix}the value of {what} is wrong: got {shown}, expected {w:.6g}"
    if not backward:
        return ""
    mine = got.get("grad")
    if type(mine) is not list or len(mine) != len(desc):
        return f"{prefix}expected {len(desc)} gradients, got {describe(mine)}"
    order = all(is_number(g) for g in mine) and leaves_first(desc, mine, data, grad)
    if order:
        return prefix + order
    for i in reversed(range(len(desc))):
        if not is_number(mine[i]):
            return f"{prefix}{label[i]}.grad is {mine[i]}, not a number"
        if not near(mine[i], grad[i]):
            return prefix + diagnose(desc, i, mine[i], data, grad)
    return ""


def judge_cases(descs: list, got, what: str, backward: bool = True, show: int = 3) -> Verdict:
    """Partial credit: the share of cases that match torch; feedback for the first few that don't."""
    if type(got) is not list or len(got) != len(descs):
        return failed(f"expected {len(descs)} results, got {describe(got)}")
    problems = [judge_graph(d, g, backward=backward) for d, g in zip(descs, got)]
    bad = [p for p in problems if p]
    if not bad:
        return passed()
    order = [p for p in bad if ORDER in p]
    if order:          # a node's gradient is passed on before it is complete: every other miss follows
        return Verdict(1 - len(bad) / len(descs), (order[0],))
    lines = bad[:show] + ([f"... and {len(bad) - show} more {what}"] if len(bad) > show else [])
    return Verdict(1 - len(bad) / len(descs), tuple(lines))


def judge_random_graphs(descs: list, got) -> Verdict:
    """Partial credit per graph; the feedback lists the first wrong graph in full so it can be rebuilt."""
    if type(got) is not list or len(got) != len(descs):
        return failed(f"expected {len(descs)} results, got {describe(got)}")
    problems = [judge_graph(d, g, title=f"graph {n}") for n, (d, g) in enumerate(zip(descs, got))]
    bad = [n for n, p in enumerate(problems) if p]
    if not bad:
        return passed()
    first = next((n for n in bad if ORDER in problems[n]), bad[0])
    return Verdict(1 - len(bad) / len(descs), (
        f"{len(bad)} of {len(descs)} random expressions disagree with torch autograd (float64)",
        problems[first],
        f"graph {first} is: {listing(descs[first])}; its output is the last node"))


# =========================================================================== lecture1.value

def single_op_cases(seed) -> list:
    """Every operation once, on operands drawn from ``seed`` (distinct leaves, plain constants)."""
    rng = random.Random(seed)

    def val(lo=0.4, hi=2.0, signed=True):
        return round((rng.choice((-1, 1)) if signed else 1) * rng.uniform(lo, hi), 4)

    a, b, p = val(), val(), val(signed=False)
    k = rng.choice((2.0, 3.0, -1.5, 0.5))
    cases = [graph(a, b, (op, (0, 1), None)) for op in ("add", "sub", "mul", "div")]
    cases += [graph(a, (op, (0,), k)) for op in ("addk", "subk", "mulk", "divk")]
    cases += [graph(a, ("pow", (0,), e)) for e in (2, 3, -1)]
    cases += [graph(p, ("pow", (0,), e)) for e in (0.5, -1.5)]
    cases += [graph(a, ("neg", (0,), None)), graph(a, ("exp", (0,), None)), graph(p, ("log", (0,), None)),
              graph(a, ("tanh", (0,), None)), graph(p, ("relu", (0,), None)), graph(-p, ("relu", (0,), None))]
    # and one chain, (a * b).tanh(): a gets its gradient only after v1 has passed it on
    return cases + [graph(a, b, ("mul", (0, 1), None), ("tanh", (2,), None))]


def reflected_cases(seed) -> list:
    """A number first: Python falls back to the Value's __radd__, __rsub__, __rmul__, __rtruediv__."""
    rng = random.Random(seed)
    a = round(rng.choice((-1, 1)) * rng.uniform(0.5, 2.0), 4)
    b, c = round(rng.uniform(-2, 2), 4), round(rng.uniform(-2, 2), 4)
    k = rng.choice((2.0, 3.0, -1.5))
    cases = [graph(a, (op, (0,), k)) for op in ("radd", "rsub", "rmul", "rdiv")]
    # sum([a, b, c]) starts from 0: 0 + a needs __radd__ too
    cases.append(graph(a, b, c, ("radd", (0,), 0), ("add", (3, 1), None), ("add", (4, 2), None)))
    return cases


def reuse_cases(seed) -> list:
    """Nodes used more than once: in one operation (a * a), in two operations, through a shared node."""
    rng = random.Random(seed)
    a, b = (round(rng.choice((-1, 1)) * rng.uniform(0.5, 1.5), 4) for _ in range(2))
    p = round(rng.uniform(0.5, 1.5), 4)
    return [
        graph(a, ("add", (0, 0), None)),                                        # a + a
        graph(a, ("mul", (0, 0), None)),                                        # a * a
        graph(a, ("div", (0, 0), None)),                                        # a / a
        graph(a, ("mul", (0, 0), None), ("mul", (1, 0), None)),                 # (a * a) * a
        graph(a, ("tanh", (0,), None), ("exp", (0,), None), ("add", (1, 2), None)),   # a.tanh() + a.exp()
        graph(a, b, ("mul", (0, 1), None), ("add", (2, 0), None)),              # a * b + a
        graph(p, ("log", (0,), None), ("mul", (0, 1), None)),                   # p * p.log()
        # a node used by two operations, whose gradient must be complete before it is passed on
        graph(a, ("tanh", (0,), None), ("mulk", (1,), 2.0), ("add", (1, 2), None)),
        graph(a, b, ("mul", (0, 1), None), ("exp", (2,), None), ("mul", (3, 2), None)),
        graph(a, ("mulk", (0,), 3.0), ("tanh", (1,), None), ("mul", (1, 2), None), ("add", (3, 1), None)),
        graph(b, ("pow", (0,), 2), ("rsub", (1,), 1.0), ("mul", (2, 1), None), ("add", (3, 2), None)),
    ]


# =========================================================================== lecture1.nn

def n_params(nin: int, nouts) -> int:
    sizes = [nin] + list(nouts)
    return sum((a + 1) * b for a, b in zip(sizes, sizes[1:]))


def param_values(n: int, seed) -> list[float]:
    rng = random.Random(seed)
    return [round(rng.uniform(-1, 1), 4) for _ in range(n)]


def example_inputs(n: int, nin: int, seed) -> list[list[float]]:
    rng = random.Random(seed)
    return [[round(rng.uniform(-2, 2), 3) for _ in range(nin)] for _ in range(n)]


def torch_mlp(nin: int, nouts: list[int], flat: list[float], bias_first: bool = False):
    """The MLP as float64 leaf tensors: per layer W (nout, nin) and b (nout), from the flat list."""
    layers, at, sizes = [], 0, [nin] + list(nouts)
    for fan_in, fan_out in zip(sizes, sizes[1:]):
        rows = torch.tensor(flat[at:at + fan_out * (fan_in + 1)], dtype=torch.float64).view(fan_out, fan_in + 1)
        at += fan_out * (fan_in + 1)
        W, b = (rows[:, 1:], rows[:, 0]) if bias_first else (rows[:, :-1], rows[:, -1])
        layers.append((W.clone().requires_grad_(), b.clone().requires_grad_()))
    return layers


def torch_forward(layers, x) -> torch.Tensor:
    h = torch.tensor(x, dtype=torch.float64)
    for W, b in layers:
        h = torch.tanh(W @ h + b)
    return h


def torch_flat_grads(layers, bias_first: bool = False) -> list[float]:
    out = []
    for W, b in layers:
        for r in range(W.shape[0]):
            row = W.grad[r].tolist()
            out += [float(b.grad[r])] + row if bias_first else row + [float(b.grad[r])]
    return out


def net(nin: int, nouts, n: int, seed) -> dict:
    """A network's case: its sizes, ``n`` seeded examples (lists as targets where nouts[-1] > 1), a seed."""
    rng = random.Random(seed)
    xs = [[round(rng.uniform(-2, 2), 3) for _ in range(nin)] for _ in range(n)]
    ys = [rng.choice((-1.0, 1.0)) if nouts[-1] == 1 else [rng.choice((-1.0, 1.0)) for _ in range(nouts[-1])]
          for _ in range(n)]
    return dict(nin=nin, nouts=tuple(nouts), xs=xs, ys=ys, seed=seed)


def probe_mlp(nn, nin: int, nouts, xs, ys, seed) -> dict:
    """Learner's MLP (of Trusted numbers) with parameters set to seeded values: outputs, loss,
    every gradient, and every gradient after zero_grad."""
    trusting(nn)
    model = nn.MLP(nin, list(nouts))
    params = model.parameters()
    values = param_values(len(params), seed)
    for p, v in zip(params, values):
        p.data = v
    outs = [model(list(x)) for x in xs]
    loss = None
    for o, y in zip(outs, ys):
        terms = o if isinstance(o, list) else [o]
        for t, target in zip(terms, y if isinstance(y, list) else [y]):
            sq = (t - target) ** 2
            loss = sq if loss is None else loss + sq
    loss.backward()
    result = {
        "n_params": len(params),
        "outputs": [[number(t.data) for t in o] if isinstance(o, list) else number(o.data) for o in outs],
        "grads": [number(p.grad) for p in params],
    }
    model.zero_grad()
    result["after_zero_grad"] = [number(p.grad) for p in model.parameters()]
    return result


def mlps_match_torch(got: list, nets) -> Verdict:
    """Each network's outputs and gradients against torch's (partial credit per network)."""
    return partial([judge_mlp(g, **n) for g, n in zip(got, nets)])


def judge_mlp(got: dict, nin: int, nouts, xs, ys, seed) -> Verdict:
    n = n_params(nin, nouts)
    nouts = list(nouts)
    if got["n_params"] != n:
        return failed(f"MLP({nin}, {nouts}).parameters() has {got['n_params']} entries, expected {n}: "
                      f"every neuron's weights and its bias, every layer's neurons")
    flat = param_values(n, seed)
    layers = torch_mlp(nin, nouts, flat)
    outs = [torch_forward(layers, x) for x in xs]
    for i, (g, o) in enumerate(zip(got["outputs"], outs)):
        want = [float(v) for v in o.detach()]
        mine = g if isinstance(g, list) else [g]
        if len(mine) != len(want):
            return failed(f"MLP({nin}, {nouts})(x) gives {len(mine)} outputs, expected "
                          f"{'a single Value' if len(want) == 1 else len(want)}")
        if len(want) == 1 and isinstance(g, list):
            return failed(f"MLP({nin}, {nouts})(x) returns a list of one Value: a Layer of one neuron "
                          f"returns the Value itself")
        if not all(near(a, b) for a, b in zip(mine, want)):
            alt = torch_mlp(nin, nouts, flat, bias_first=True)
            if all(near(a, float(b)) for a, b in zip(mine, torch_forward(alt, xs[i]).detach())):
                return failed("parameters() lists each neuron's bias before its weights: list w then b "
                              "(the order parameters() returns is the order the grader sets them in)")
            return failed(f"MLP({nin}, {nouts}) output for input {i} is {mine[0] if len(mine) == 1 else mine}, "
                          f"expected {want[0] if len(want) == 1 else [round(v, 6) for v in want]}: each neuron "
                          f"is tanh(sum(wi * xi) + b), each layer feeds the next")
    loss = sum(((o - torch.tensor(y, dtype=torch.float64)) ** 2).sum() for o, y in zip(outs, ys))
    loss.backward()
    want = torch_flat_grads(layers)
    bad = [i for i, (g, w) in enumerate(zip(got["grads"], want)) if not near(g, w)]
    if bad:
        i = bad[0]
        return failed(f"{len(bad)} of {n} parameter gradients are wrong, the first is parameters()[{i}] "
                      f"(got {got['grads'][i]}, expected {want[i]:.6g})")
    return passed()


def zero_grad_clears_every_grad(got: dict) -> Verdict:
    left = [i for i, g in enumerate(got["after_zero_grad"]) if g != 0.0]
    if left:
        return failed(f"after zero_grad() {len(left)} of {len(got['after_zero_grad'])} parameters still "
                      f"have a gradient (parameters()[{left[0]}].grad = {got['after_zero_grad'][left[0]]})")
    return passed()


LECTURE_XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]
LECTURE_YS = [1.0, -1.0, -1.0, 1.0]
LECTURE_NET = dict(nin=3, nouts=(4, 4, 1), xs=LECTURE_XS, ys=LECTURE_YS)


# =========================================================================== lecture1.training

def run(nin, nouts, n, steps, lr, seed) -> dict:
    """A training case: a network, its examples, steps and lr."""
    return {**net(nin, nouts, n, seed), "steps": steps, "lr": lr}


def torch_train(nin, nouts, flat, xs, ys, steps, lr, zero_grad: bool = True):
    """Gradient descent as the lecture does it, in float64: (losses, final flat parameters)."""
    layers = torch_mlp(nin, nouts, flat)
    params = [t for W, b in layers for t in (W, b)]
    losses = []
    for _ in range(steps):
        loss = sum(((torch_forward(layers, x) - torch.tensor(y, dtype=torch.float64)) ** 2).sum()
                   for x, y in zip(xs, ys))
        losses.append(float(loss.detach()))
        if zero_grad:
            for p in params:
                p.grad = None
        loss.backward()
        with torch.no_grad():
            for p in params:
                p -= lr * p.grad
    flat_out = []
    for W, b in layers:
        for r in range(W.shape[0]):
            flat_out += W[r].tolist() + [float(b[r].detach())]
    return losses, flat_out


def probe_training(sub, nin, nouts, xs, ys, steps, lr, seed) -> dict:
    """The learner's train() on the grader's model (TrustedMLP), so their nn.py plays no part."""
    trusting(sub)
    model = TrustedMLP(nin, nouts, param_values(n_params(nin, nouts), seed))
    losses = sub.train(model, [list(x) for x in xs], list(ys), steps=steps, lr=lr)
    return {"losses": [number(v) for v in losses] if isinstance(losses, list) else number(losses),
            "params": [number(p.data) for p in model.parameters()]}


def trainings_match_torch(got: list, runs) -> Verdict:
    """Each training run against gradient descent in torch (partial credit per run)."""
    return partial([judge_training(g, **r) for g, r in zip(got, runs)])


def judge_training(got: dict, nin, nouts, xs, ys, steps, lr, seed) -> Verdict:
    flat = param_values(n_params(nin, nouts), seed)
    losses, final = torch_train(nin, nouts, flat, xs, ys, steps, lr)
    mine = got["losses"]
    if type(mine) is not list or len(mine) != steps:
        return failed(f"train(..., steps={steps}) should return a list of {steps} losses, got {describe(mine)}")
    if all(near(a, b) for a, b in zip(got["params"], final)):
        bad = [i for i, (a, b) in enumerate(zip(mine, losses)) if not near(a, b)]
        if bad:
            return failed(f"the parameters are right, but the loss you return for step {bad[0]} is "
                          f"{show(mine[bad[0]])}, expected {losses[bad[0]]:.6g}: record loss.data before the update")
        return true_loss_drop(losses, final, nin, nouts, xs, ys)
    _, piled = torch_train(nin, nouts, flat, xs, ys, steps, lr, zero_grad=False)
    if all(near(a, b) for a, b in zip(got["params"], piled)):
        return failed(f"after {steps} steps your parameters are those of a loop whose gradients pile up "
                      f"from step to step: set every p.grad to 0 (model.zero_grad()) before loss.backward()")
    first = next((i for i, (a, b) in enumerate(zip(mine, losses)) if not near(a, b)), None)
    where = f"; the loss first differs at step {first} (got {show(mine[first])}, expected {losses[first]:.6g})" \
        if first is not None else ""
    return failed(f"after {steps} steps of lr={lr} your parameters differ from gradient descent's{where}: "
                  f"each step is zero_grad, backward, then p.data += -lr * p.grad")


def true_loss_drop(losses, final, nin, nouts, xs, ys) -> Verdict:
    """The grader's own loss of the returned parameters must be below the first step's."""
    layers = torch_mlp(nin, nouts, final)
    with torch.no_grad():
        end = float(sum(((torch_forward(layers, x) - torch.tensor(y, dtype=torch.float64)) ** 2).sum()
                        for x, y in zip(xs, ys)))
    if not end < losses[0]:
        return failed(f"the loss of the trained parameters ({end:.4g}) is not below the start ({losses[0]:.4g})")
    return passed()


# =========================================================================== lecture1.gradients

def torch_f(a, b, c):
    """The notebook's f, on float64 tensors."""
    return -a**3 + torch.sin(3*b) - 1.0/c + b**2.5 - a**0.5


def torch_gradf(point) -> list[float]:
    xs = [torch.tensor(float(v), dtype=torch.float64, requires_grad=True) for v in point]
    torch_f(*xs).backward()
    return [float(x.grad) for x in xs]


def judge_gradient_list(got, want: list[float], name: str, rtol: float = 1e-9, atol: float = 1e-9,
                        entry=lambda i: f"entry {i} (d/d{'abcdefgh'[i]})") -> Verdict:
    if type(got) not in (list, tuple) or len(got) != len(want):
        return failed(f"{name}: expected a list of {len(want)} numbers, got {describe(got)}")
    for i, (g, w) in enumerate(zip(got, want)):
        if not (is_number(g) and math.isfinite(g) and abs(g - w) <= atol + rtol * abs(w)):
            shown = f"{g:.10g}" if is_number(g) else str(g)
            return failed(f"{name}: {entry(i)} is {shown}, expected {w:.10g}")
    return passed()


def gradf_matches_torch(got: dict, points) -> Verdict:
    verdicts = []
    for point, g in zip(points, got["grads"]):
        v = judge_gradient_list([number(x) for x in g] if isinstance(g, (list, tuple)) else g,
                                torch_gradf(point), f"gradf{tuple(point)}")
        verdicts.append(v)
    return partial(verdicts)


def nudged(args, i: int, dh: float) -> list:
    return [a + dh if j == i else a for j, a in enumerate(args)]


def forward_difference(f, args, h):
    """The grader's forward difference, to compare a learner's with (x + (-h) is x - h exactly)."""
    at = f(*args)
    return [(f(*nudged(args, i, h)) - at) / h for i in range(len(args))]


def symmetric_difference(f, args, h):
    return [(f(*nudged(args, i, h)) - f(*nudged(args, i, -h))) / (2 * h) for i in range(len(args))]


def probe_differences(fn, cases) -> list:
    return [[number(v) for v in r] if isinstance(r, (list, tuple)) else number(r)
            for r in (fn(f, list(args), h) for f, args, h in cases)]


def forward_differences_match(got, at) -> Verdict:
    return judge_differences(got, at, forward_difference, symmetric_difference, "numerical_grad")


def symmetric_differences_match(got, at) -> Verdict:
    return judge_differences(got, at, symmetric_difference, forward_difference, "symmetric_grad")


def judge_differences(got, cases, formula, other, name: str) -> Verdict:
    """Each estimate must be the ``formula``'s (1e-7 relative: the same arithmetic up to order)."""
    for (f, args, h), g in zip(cases, got):
        want = formula(f, list(args), h)
        v = judge_gradient_list(g, want, f"{name} at {list(args)} with h={h:g}", rtol=1e-7, atol=1e-7)
        if not v:
            if type(g) is list and all(near_rel(a, b) for a, b in zip(g, other(f, list(args), h))):
                other_name = "symmetric" if name == "numerical_grad" else "forward"
                return failed(f"{name} at {list(args)} with h={h:g} computes the {other_name} difference")
            if type(g) is list and all(near_rel(a, b * 2) for a, b in zip(g, want)):
                return failed(f"{name} at {list(args)} with h={h:g} is twice the expected estimate: the two "
                              f"evaluations are 2h apart, so divide by 2 * h")
            return v
    return passed()


def near_rel(a, b) -> bool:
    return is_number(a) and abs(a - b) <= 1e-7 + 1e-7 * abs(b)


def probe_softmax(sub, examples) -> list:
    """The learner's softmax and nll on Trusted logits, so their engine.py plays no part."""
    trusting(sub)
    out = []
    for logits, target in examples:
        vs = [Trusted(x) for x in logits]
        probs = sub.softmax(vs)
        loss = sub.nll(vs, target)
        loss.backward()
        out.append({"probs": [number(p.data) for p in probs], "loss": number(loss.data),
                    "grads": [number(v.grad) for v in vs]})
    return out


def softmax_nll_matches_torch(got, examples) -> Verdict:
    for (logits, target), g in zip(examples, got):
        x = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
        probs = torch.softmax(x, 0)
        loss = torch.nn.functional.cross_entropy(x[None], torch.tensor([target]))
        loss.backward()
        where = f"logits {logits}, target {target}"
        v = judge_gradient_list(g["probs"], probs.tolist(), f"softmax of {logits}", rtol=1e-6, atol=1e-9,
                                entry=lambda i: f"probability {i}")
        if not v:
            return v
        if not near(g["loss"], loss.item()):
            return failed(f"nll with {where} is {show(g['loss'])}, expected {loss.item():.6g}: -log of the target's "
                          f"probability")
        v = judge_gradient_list(g["grads"], x.grad.tolist(), f"the logits' gradients of nll ({where})",
                                rtol=1e-6, atol=1e-9, entry=lambda i: f"logits[{i}].grad")
        if not v:
            return v
    return passed()
