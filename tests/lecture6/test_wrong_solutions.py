"""Classic lecture 6 mistakes, made in a copy of the reference: each must lose points.

Every case edits one exact piece of solutions/lecture6/wavenet.py, grades it through the
real sandbox, and asserts the failing check, the words of its feedback, and a hidden check
that fails too.
"""
from __future__ import annotations

import pytest

FILE = "wavenet.py"

# (target, old, new, failing public check, words in its feedback, failing hidden check)
MISTAKES = {
    "BatchNorm reduces over dim 0 only of a 3-D input (the lecture's bug)": (
        "lecture6.batchnorm", "dim = 0 if x.ndim == 2 else (0, 1)", "dim = 0",
        "batchnorm_3d", "running_mean holds 24 values (shape (1, 4, 6)) for 6 channels; for a (B, T, C) "
                        "input the statistics must be over dims (0, 1)", "batchnorm_3d_case1"),
    "BatchNorm with the biased variance": (
        "lecture6.batchnorm", "xvar = x.var(dim, keepdim=True)", "xvar = x.var(dim, keepdim=True, unbiased=False)",
        "batchnorm_3d", "output in training mode, batch 0", "batchnorm_3d_case1"),
    "FlattenConsecutive joins steps T/2 apart": (
        "lecture6.layers", "x = x.view(B, T // self.n, C * self.n)",
        "x = x.view(B, self.n, T // self.n, C).transpose(1, 2).reshape(B, T // self.n, C * self.n)",
        "flatten", "output step 0 concatenates input time steps [0, 4]; it should join the 2 consecutive "
                   "steps [0, 1]", "flatten_case1"),
    "FlattenConsecutive keeps a time dimension of 1": (
        "lecture6.layers", "        if x.shape[1] == 1:\n            x = x.squeeze(1)\n", "",
        "flatten", "got shape (4, 1, 20), expected (4, 20): when one time step is left, squeeze it away",
        "flatten_case1"),
    "Sequential.parameters() as a list of lists": (
        "lecture6.layers", "return [p for layer in self.layers for p in layer.parameters()]",
        "return [layer.parameters() for layer in self.layers]",
        "sequential", "Sequential: parameters() returns a list of lists", "sequential_nested_case1"),
    "last layer not made less confident": (
        "lecture6.model", "        model.layers[-1].weight *= 0.1  # last layer make less confident\n", "        pass\n",
        "lecture_init", "the last layer's weight should be multiplied by 0.1", None),
    "three levels hard-coded (the lecture's block_size 8)": (
        "lecture6.model", "levels = int(math.log2(block_size))", "levels = 3",
        "forward_five_levels", "build_model(13, 32, 4, 6): layer 13 is Linear with output shape (8, 4, 13); "
                               "expected FlattenConsecutive with output shape (8, 2, 12)", "forward_case1"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_loses_points(grade_mutant, mistake):
    target, old, new, check, words, hidden = MISTAKES[mistake]
    r = grade_mutant(target, FILE, old, new)
    assert r.points < r.max_points
    failing = r.check(check)
    assert failing.status == "failed" and failing.points == 0, failing
    assert any(words in line for line in failing.feedback), failing.feedback
    if hidden:
        assert r.check(hidden).status == "failed", r.check(hidden)


SQUEEZE = ("        if x.shape[1] == 1:\n            x = x.squeeze(1)\n", "")
LIST_OF_LISTS = ("return [p for layer in self.layers for p in layer.parameters()]",
                 "return [layer.parameters() for layer in self.layers]")
DIM_0 = ("dim = 0 if x.ndim == 2 else (0, 1)", "dim = 0")


@pytest.mark.parametrize("edit, exercise, check, line", [
    (SQUEEZE, "layers", "flatten",
     "FlattenConsecutive(2) of (4, 2, 10): got shape (4, 1, 20), expected (4, 20): when one time step is left, "
     "squeeze it away"),
    (LIST_OF_LISTS, "layers", "sequential",
     "Sequential: parameters() returns a list of lists (item 0 is the list of one layer's parameters); stretch "
     "them out into one list of tensors, layer by layer"),
    (DIM_0, "batchnorm", "batchnorm_3d",
     "BatchNorm1d(6, eps=1e-05, momentum=0.1) on (32, 4, 6): running_mean holds 24 values (shape (1, 4, 6)) for 6 "
     "channels; for a (B, T, C) input the statistics must be over dims (0, 1), not over dim 0 only (that gives "
     "every time step its own mean)"),
])
def test_a_wrong_layer_costs_its_own_exercise_only(grade_mutant, edit, exercise, check, line):
    """The model is built of the course's layers: a wrong layer loses its exercise, and the model keeps
    full marks (and so does the other layer exercise)."""
    for ex in ("layers", "batchnorm", "model"):
        r = grade_mutant(f"lecture6.{ex}", FILE, *edit)
        if ex == exercise:
            assert r.check(check).feedback == [line], r.check(check).feedback
        else:
            assert r.points == r.max_points, [(c.name, c.feedback) for c in r.checks if c.points < c.max_points]


def test_reference_scores_full_marks(course):
    from tests.conftest import grade
    report = grade(course, ["lecture6"], course.solutions)
    assert all(c.status == "passed" for e in report.exercises for c in e.checks), [
        (c.id, c.feedback) for e in report.exercises for c in e.checks if c.status != "passed"]
    assert report.points == report.max_points == pytest.approx(30, abs=1e-3)


def test_stubs_score_nothing(course):
    from tests.conftest import grade
    report = grade(course, ["lecture6"], course.exercises_dir)
    assert report.points == 0
    assert all("not implemented yet" in c.feedback[0] for e in report.exercises for c in e.checks)


def test_layers_written_another_way_keep_full_marks(grade_mutant):
    """FlattenConsecutive by unflatten/flatten and indexing away the last step; parameters() by sum."""
    r = grade_mutant("lecture6.layers", FILE, "        x = x.view(B, T // self.n, C * self.n)\n"
                     "        if x.shape[1] == 1:\n            x = x.squeeze(1)\n",
                     "        x = x.unflatten(1, (T // self.n, self.n)).flatten(2)\n"
                     "        x = x[:, 0] if T == self.n else x\n")
    assert r.points == r.max_points, [(c.name, c.feedback) for c in r.checks if c.points < c.max_points]
    r = grade_mutant("lecture6.layers", FILE, *LIST_OF_LISTS[:1],
                     "return sum((layer.parameters() for layer in self.layers), [])")
    assert r.points == r.max_points, [(c.name, c.feedback) for c in r.checks if c.points < c.max_points]
