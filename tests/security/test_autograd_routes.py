"""Lecture 5 forbids autograd; a submission that takes its gradients from autograd anyway, by a route
the child-side guard (grader/checks/lecture5/__init__.py's ``autograd_off``) does not see, must lose the
integrity points (issue 15, class 3). The guard runs in the learner's own process: it swaps
``torch.autograd.grad`` & co. for stubs and turns grad mode off, but anything captured before
the probe, or reached through the engine or ``torch._C``, is out of its sight.

Each attack is the reference backprop.py with every exercise's function replaced by one that asks
autograd for the gradients (the truth the checks compare with, so it would score full marks).
"""
import shutil
import tempfile
from pathlib import Path

import pytest

from tests.conftest import grade

ROUTES = {
    # torch.autograd.grad captured in a container at import (the guard only rebinds module attributes
    # that *are* the original), and grad mode switched back on with the public context manager
    "captured_grad": """
_CAPTURED = (torch.autograd.grad,)


def _grads(loss_of, inputs):
    with torch.enable_grad():
        leaves = [t.detach().clone().requires_grad_() for t in inputs]
        loss, extra = loss_of(leaves)
        return [g.detach() for g in _CAPTURED[0](loss, extra + leaves)]
""",
    # no import-time capture at all: the C++ engine's own entry point, grad mode through torch._C,
    # and torch functions hidden from the op counter (a TorchFunctionMode) by DisableTorchFunction
    "engine_and_torch_C": """
def _grads(loss_of, inputs):
    before = torch.is_grad_enabled()
    torch._C._set_grad_enabled(True)
    try:
        with torch._C.DisableTorchFunction():
            leaves = [t.detach().clone().requires_grad_() for t in inputs]
            loss, extra = loss_of(leaves)
            engine = torch.autograd.Variable._execution_engine
            out = engine.run_backward((loss,), (torch.ones_like(loss),), False, False, tuple(extra + leaves),
                                      False, False)
            return [g.detach() for g in out]
    finally:
        torch._C._set_grad_enabled(before)
""",
    # torch.autograd.backward captured at import (Tensor.backward captured would not do: it looks the
    # module function up at call time and meets the stub), then .grad read off retained tensors
    "captured_backward": """
_BACKWARD = [torch.autograd.backward]


def _grads(loss_of, inputs):
    with torch.enable_grad():
        leaves = [t.detach().clone().requires_grad_() for t in inputs]
        loss, extra = loss_of(leaves)
        for t in extra:
            t.retain_grad()
        _BACKWARD[0](loss)
        return [t.grad.detach() for t in extra + leaves]
""",
}

ATTACK = '''

def backward_ex1(params, cache, Xb, Yb):
    names = list(PARAMETER_NAMES)
    keys = [g[1:] for g in GRADIENT_NAMES if g[1:] not in PARAMETER_NAMES]

    def loss_of(leaves):
        c = forward(dict(zip(names, leaves)), Xb, Yb)
        return c["loss"], [c[k] for k in keys]
    got = _grads(loss_of, [params[k] for k in names])
    by_name = dict(zip(["d" + k for k in keys + names], got))
    return {g: by_name[g] for g in GRADIENT_NAMES}


def dlogits_ex2(logits, Yb):
    return _grads(lambda leaves: (F.cross_entropy(leaves[0], Yb), []), [logits])[0]


def dhprebn_ex3(dhpreact, bngain, bnvar_inv, bnraw):
    # the BatchNorm's input that gives these bnraw/bnvar_inv, then autograd through the lecture's BatchNorm
    hprebn = bnraw / bnvar_inv

    def loss_of(leaves):
        h, = leaves
        n = h.shape[0]
        diff = h - 1 / n * h.sum(0, keepdim=True)
        raw = diff * (1 / (n - 1) * (diff ** 2).sum(0, keepdim=True) + 1e-5) ** -0.5
        return ((bngain * raw) * dhpreact).sum(), []
    return _grads(loss_of, [hprebn])[0]


def train_ex4(params, Xtr, Ytr, steps, batch_size=32, lr=0.1, generator=None):
    names = list(PARAMETER_NAMES)
    params = {k: v.clone() for k, v in params.items()}
    for _ in range(steps):
        ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=generator)
        grads = _grads(lambda leaves: (forward(dict(zip(names, leaves)), Xtr[ix], Ytr[ix])["loss"], []),
                       [params[k] for k in names])
        with torch.no_grad():
            for k, g in zip(names, grads):
                params[k] += -lr * g
    return params
'''


def submission(course, tmp_path, route: str) -> Path:
    root = Path(tempfile.mkdtemp(dir=tmp_path))
    shutil.copytree(course.solutions / "lecture5", root / "lecture5", ignore=shutil.ignore_patterns("__pycache__"))
    path = root / "lecture5" / "backprop.py"
    path.write_text(path.read_text() + "\n" + ROUTES[route] + ATTACK)
    return root


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_gradients_from_autograd_lose_the_integrity_points_ex1(course, tmp_path, route):
    ex = grade(course, ["lecture5.ex1"], submission(course, tmp_path, route)).exercise("lecture5.ex1")
    assert ex.points < ex.max_points, f"{route}: autograd's gradients scored {ex.points} / {ex.max_points}"


def test_every_exercise_of_lecture5_by_autograd_loses_points(course, tmp_path):
    report = grade(course, ["lecture5.ex2", "lecture5.ex3", "lecture5.ex4"],
                   submission(course, tmp_path, "engine_and_torch_C"))
    full = [e.id for e in report.exercises if e.points >= e.max_points]
    assert not full, f"full marks with autograd's gradients: {full}"


def test_control_the_honest_manual_solution_keeps_full_marks(course, tmp_path):
    """Not an attack: whatever judges integrity must not cost the reference's by-hand backprop a point."""
    from tests.conftest import copy_lecture
    report = grade(course, ["lecture5"], copy_lecture(course, "lecture5", tmp_path))
    assert report.percent == 100.0, [(c.id, c.feedback) for e in report.exercises for c in e.checks if c.feedback]
