"""The lecture's own numbers, reproduced by the reference solutions of lecture 1 (micrograd).

The lecture's worked examples are deterministic (L = d * f, the tanh neuron, the
exercise notebook's answers); the training run in the video starts from an unseeded
random init, so that one is pinned here with random.seed(1337) instead of the video's
printed losses.
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from tests.conftest import solution_modules

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def mg():
    return solution_modules("lecture1", "engine", "nn", "train", "gradients")


def test_first_expression(mg):
    """a = 2, b = -3, c = 10, e = a*b, d = e + c, f = -2, L = d * f (the lecture's first graph)."""
    Value = mg.engine.Value
    a, b, c, f = Value(2.0), Value(-3.0), Value(10.0), Value(-2.0)
    e = a * b
    d = e + c
    L = d * f
    L.backward()
    assert L.data == -8.0
    assert (a.grad, b.grad, c.grad, d.grad, e.grad, f.grad) == (6.0, -4.0, -2.0, -2.0, -2.0, 4.0)


def test_tanh_neuron(mg):
    """The neuron with b = 6.8813735870195432 gives o = 0.7071 and the lecture's gradients."""
    Value = mg.engine.Value
    x1, x2, w1, w2, b = Value(2.0), Value(0.0), Value(-3.0), Value(1.0), Value(6.8813735870195432)
    n = x1 * w1 + x2 * w2 + b
    o = n.tanh()
    o.backward()
    assert o.data == pytest.approx(0.7071067811865476, abs=1e-15)
    assert n.grad == pytest.approx(0.5)
    assert (x1.grad, w1.grad, x2.grad, w2.grad) == pytest.approx((-1.5, 1.0, 0.5, 0.0))
    # the same neuron with tanh spelled out through exp and division, as the lecture does next
    e = (2 * n).exp()
    assert ((e - 1) / (e + 1)).data == pytest.approx(o.data, abs=1e-15)


def test_reused_node_accumulates(mg):
    """The lecture's bug: b = a + a must give a.grad == 2, and d = a*b, e = a+b, f = d*e both paths."""
    Value = mg.engine.Value
    a = Value(3.0)
    b = a + a
    b.backward()
    assert a.grad == 2.0
    a, b = Value(-2.0), Value(3.0)
    f = (a * b) * (a + b)
    f.backward()
    assert (a.grad, b.grad) == (-3.0, -8.0)


def test_mlp_parameter_count_and_training(mg):
    random.seed(1337)
    model = mg.nn.MLP(3, [4, 4, 1])
    assert len(model.parameters()) == 41          # (3+1)*4 + (4+1)*4 + (4+1)*1
    losses = mg.train.train(model, mg.train.xs, mg.train.ys, steps=20, lr=0.05)
    assert losses[0] == pytest.approx(6.005402783252284, rel=1e-12)
    assert losses[-1] == pytest.approx(0.05964201764201716, rel=1e-9)


def test_exercise_notebook_answers(mg):
    """The notebook's `ans` lists, to the digits it prints."""
    g = mg.gradients
    assert g.f(2, 3, 4) == pytest.approx(6.336362190988558, abs=1e-12)
    assert g.gradf(2, 3, 4) == pytest.approx([-12.353553390593273, 10.25699027111255, 0.0625], abs=1e-12)
    forward = g.numerical_grad(g.f, [2, 3, 4])
    symmetric = g.symmetric_grad(g.f, [2, 3, 4])
    exact = g.gradf(2, 3, 4)
    # forward difference is off by ~6e-6 at h = 1e-6; the symmetric one by ~3e-9
    assert max(abs(x - y) for x, y in zip(forward, exact)) == pytest.approx(5.96e-6, rel=0.01)
    assert max(abs(x - y) for x, y in zip(symmetric, exact)) < 5e-9
    Value = mg.engine.Value
    logits = [Value(0.0), Value(3.0), Value(-2.0), Value(1.0)]
    loss = g.nll(logits, 3)
    loss.backward()
    assert loss.data == pytest.approx(2.1755153626167147, abs=1e-12)
    assert [v.grad for v in logits] == pytest.approx(
        [0.041772570515350445, 0.8390245074625319, 0.005653302662216329, -0.8864503806400986], abs=1e-12)
