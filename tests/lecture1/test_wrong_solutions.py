"""Classic micrograd mistakes, made in a copy of the reference: each must lose points.

Every case edits one exact piece of the reference, grades the result through the real
sandbox, and asserts the failing check and the feedback a learner reads. Where the
gradient is wrong the feedback must name the operation (or the reuse, or the order).
A hidden check that catches the same mistake is asserted too.
"""
from __future__ import annotations

import pytest

MUL_BACKWARD = "            self.grad += other.data * out.grad\n            other.grad += self.data * out.grad"
TOPO = """                for child in v._prev:
                    build_topo(child)
                topo.append(v)
        build_topo(self)

        self.grad = 1.0
        for v in reversed(topo):"""
# no topological sort: each node is listed when the search first reaches it, and its
# _backward runs in that order (right for a tree, wrong where a node is used twice)
NO_TOPO = """                topo.append(v)
                for child in v._prev:
                    build_topo(child)
        build_topo(self)

        self.grad = 1.0
        for v in topo:"""

# (target, file, old, new, failing public check, words in its feedback, failing hidden check)
MISTAKES = {
    "= instead of += in __mul__'s backward": (
        "lecture1.value", "engine.py", MUL_BACKWARD, MUL_BACKWARD.replace("+=", "="),
        "reused_nodes", "d/da of a * a is wrong when a is used twice in it", "reused_nodes_case1"),
    "no __radd__": (
        "lecture1.value", "engine.py", "    def __radd__(self, other):", "    def _radd(self, other):",
        "reflected", "Python calls __radd__ on the Value when the number comes first", "random_graphs_case1"),
    "tanh derivative 1 - t": (
        "lecture1.value", "engine.py", "self.grad += (1 - t ** 2) * out.grad", "self.grad += (1 - t) * out.grad",
        "gradients", "d/da of a.tanh() is wrong", "gradients_case1"),
    "relu passes the gradient everywhere": (
        "lecture1.value", "engine.py", "self.grad += (out.data > 0) * out.grad", "self.grad += out.grad",
        "gradients", "d/da of a.relu() is wrong", "gradients_case1"),
    "pow derivative without the exponent": (
        "lecture1.value", "engine.py", "self.grad += other * self.data ** (other - 1) * out.grad",
        "self.grad += self.data ** (other - 1) * out.grad",
        "gradients", "d/da of a ** 2 is wrong", "gradients_case1"),
    "a Layer of one neuron returns a list": (
        "lecture1.nn", "nn.py", "return outs[0] if len(outs) == 1 else outs", "return outs",
        "forward_backward", "returns a list of one Value", "forward_backward_case1"),
    "bias listed before the weights": (
        "lecture1.nn", "nn.py", "return self.w + [self.b]", "return [self.b] + self.w",
        "forward_backward", "lists each neuron's bias before its weights", "forward_backward_case1"),
    "zero_grad sets None": (
        "lecture1.nn", "nn.py", "            p.grad = 0.0", "            p.grad = None",
        "zero_grad", "after zero_grad() 41 of 41 parameters still have a gradient", None),
    "training loop without zero_grad": (
        "lecture1.training", "train.py", "        model.zero_grad()\n", "",
        "lecture_data", "gradients pile up from step to step", "lecture_data_case1"),
    "gradient ascent": (
        "lecture1.training", "train.py", "    p.data += -lr * p.grad\n", "    p.data += lr * p.grad\n",
        "lecture_data", "your parameters differ from gradient descent's", "lecture_data_case1"),
    "mean instead of the lecture's sum": (
        "lecture1.training", "train.py", "return sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred))",
        "return sum((yout - ygt) ** 2 for ygt, yout in zip(ys, ypred)) * (1.0 / len(ys))",
        "loss", "the sum over the examples of (ypred - y)**2", "lecture_data_case1"),
    "d/dc of -1/c with the wrong sign": (
        "lecture1.gradients", "gradients.py", "1.0 / c**2]", "-1.0 / c**2]",
        "analytic", "gradf(2.0, 3.0, 4.0): entry 2 (d/dc) is -0.0625, expected 0.0625", "analytic_case1"),
    "symmetric difference divided by h": (
        "lecture1.gradients", "gradients.py", "out.append((f(*up) - f(*down)) / (2 * h))",
        "out.append((f(*up) - f(*down)) / h)",
        "symmetric", "divide by 2 * h", "symmetric_case1"),
    "forward difference where the symmetric one is due": (
        "lecture1.gradients", "gradients.py", "out.append((f(*up) - f(*down)) / (2 * h))",
        "out.append((f(*up) - f(*args)) / h)",
        "symmetric", "computes the forward difference", "symmetric_case1"),
    "softmax without normalising": (
        "lecture1.gradients", "gradients.py", "return [c / denominator for c in counts]", "return counts",
        "softmax_nll", "softmax of [0.0, 3.0, -2.0, 1.0]: probability 0 is 1, expected 0.04177257052",
        "softmax_nll_case1"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_loses_points(grade_mutant, mistake):
    target, file, old, new, check, words, hidden = MISTAKES[mistake]
    r = grade_mutant(target, file, old, new)
    assert r.points < r.max_points
    failing = r.check(check)
    assert failing.status == "failed" and failing.points < failing.max_points, failing
    assert any(words in line for line in failing.feedback), failing.feedback
    if hidden:
        assert r.check(hidden).status == "failed", r.check(hidden)


def test_missing_topological_sort(grade_mutant):
    """Backward in the order nodes are first reached: right on trees, wrong once a node is reused.

    ``_prev`` is a set, so which shared node goes wrong first depends on memory addresses;
    whatever graph shows it, the random graphs fail and the feedback names the order.
    """
    r = grade_mutant("lecture1.value", "engine.py", TOPO, NO_TOPO)
    assert r.check("gradients").status == "passed"          # every single operation is right
    graphs = r.check("random_graphs")
    assert graphs.status == "failed" and graphs.points < graphs.max_points / 2, graphs
    assert r.check("random_graphs_case1").status == "failed"
    feedback = [line for name in ("reused_nodes", "random_graphs", "random_graphs_case1")
                for line in r.check(name).feedback]
    assert any("reverse topological order" in line for line in feedback), feedback


def test_backward_walking_the_order_forwards(course, tmp_path):
    """``for v in topo`` instead of ``reversed(topo)``: each node passes on its gradient while it is still 0.

    The feedback names the order (not the composite operations, __sub__ or __truediv__, whose inner
    nodes are the first to show it), and the exercises built on Value keep their points: their
    probes hand the learner's code the grader's own numbers."""
    from tests.conftest import copy_lecture, grade
    root = copy_lecture(course, "lecture1", tmp_path)
    engine = root / "lecture1" / "engine.py"
    assert engine.read_text().count("for v in reversed(topo):") == 1
    engine.write_text(engine.read_text().replace("for v in reversed(topo):", "for v in topo:"))
    report = grade(course, ["lecture1"], root)
    value = report.exercise("lecture1.value")
    assert value.check("forward").status == "passed"
    assert value.check("gradients").feedback == [
        "b.grad is 0 (expected -0.102478), as is every gradient below the output's operands: backward() calls "
        "_backward from the leaves up, so each node passes on its gradient before receiving it; walk the "
        "topological order in reverse (for v in reversed(topo))"]
    for name in ("reflected", "reused_nodes", "random_graphs", "gradients_case1", "random_graphs_case1"):
        c = value.check(name)
        assert c.status == "failed" and any("walk the topological order in reverse" in line for line in c.feedback), c
        assert not any("check __" in line or "+=" in line for line in c.feedback), c
    for e in report.exercises:
        if e.id != "lecture1.value":
            assert e.points == pytest.approx(e.max_points, abs=1e-3), (e.id, [(c.name, c.feedback) for c in e.checks])


def test_reference_scores_full_marks(course):
    from tests.conftest import grade
    report = grade(course, ["lecture1"], course.solutions)
    assert all(c.status == "passed" for e in report.exercises for c in e.checks), [
        (c.id, c.feedback) for e in report.exercises for c in e.checks if c.status != "passed"]
    assert report.points == pytest.approx(report.max_points, abs=1e-3)
    assert report.max_points == pytest.approx(22, abs=1e-3)


def test_stubs_score_nothing(course):
    from tests.conftest import grade
    report = grade(course, ["lecture1"], course.exercises_dir)
    assert report.points == 0
    assert all(any("not implemented yet" in line for line in c.feedback)
               for e in report.exercises for c in e.checks)


def test_nn_written_another_way_keeps_full_marks(course, tmp_path):
    """engine.Value by its module, labels, an accumulator started at Value(0.0): the probes' own numbers
    stand in for Value wherever nn.py names it."""
    from tests.conftest import copy_lecture, grade
    root = copy_lecture(course, "lecture1", tmp_path)
    nn = root / "lecture1" / "nn.py"
    text = nn.read_text()
    for old, new in [
        ("        self.w = [Value(random.uniform(-1, 1)) for _ in range(nin)]\n        self.b = Value(random.uniform(-1, 1))",
         "        import engine\n        self.w = [engine.Value(random.uniform(-1, 1), label='w') for _ in range(nin)]\n"
         "        self.b = engine.Value(random.uniform(-1, 1), label='b')"),
        ("        act = sum((wi * xi for wi, xi in zip(self.w, x)), self.b)",
         "        act = Value(0.0)\n        for wi, xi in zip(self.w, x):\n            act = act + xi * wi\n"
         "        act = act + self.b")]:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    nn.write_text(text)
    r = grade(course, ["lecture1.nn"], root).exercise("lecture1.nn")
    assert r.points == pytest.approx(r.max_points, abs=1e-3), [(c.name, c.feedback) for c in r.checks]
