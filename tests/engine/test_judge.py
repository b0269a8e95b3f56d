"""Judges say what is wrong, where, and by how much, whatever the learner's data is."""
import torch

from grader.judge import close, equal, partial, passed, failed, scaled, true


def test_close_names_the_worst_element():
    want = torch.zeros(3, 4)
    got = want.clone()
    got[1, 2] = 0.5
    v = close(got, want, "P")
    assert v.fraction == 0
    assert v.feedback == ("P: 1 of 12 values differ; max abs diff 0.5, worst at [1, 2] (got 0.5, expected 0)",)
    assert close(want + 1e-8, want, "P")


def test_close_checks_kind_shape_dtype_and_finiteness():
    want = torch.zeros(2, 2)
    assert close([[0, 0], [0, 0]], want, "W").feedback == ("W: expected a torch.float32 tensor of shape (2, 2), got a list of length 2",)
    assert close(torch.zeros(2, 3), want, "W").feedback == ("W: expected shape (2, 2), got (2, 3)",)
    assert close(torch.zeros(2, 2, dtype=torch.float64), want, "W").feedback == ("W: expected dtype torch.float32, got torch.float64",)
    assert close(torch.tensor([[0.0, float("nan")], [0, 0]]), want, "W").feedback == ("W: nan at [0, 1] where a finite value was expected",)
    assert close(2.5, 2.0, "loss").feedback == ("loss: got 2.5, expected 2 (diff 0.5)",)
    assert close(float("nan"), 2.0, "loss").fraction == 0


def test_equal_points_at_the_first_difference():
    assert equal(["ab", "cd"], ["ab", "ce"], "names").feedback == ("names[1]: got 'cd', expected 'ce'",)
    assert equal(torch.tensor([1, 2, 3]), torch.tensor([1, 5, 3]), "N").feedback == ("N: 1 of 3 values differ, first at [1] (got 2, expected 5)",)
    assert equal({"a": 1}, {"a": 1, "b": 2}, "d").feedback == ("d: missing key 'b'",)
    assert equal(1.0, 1, "n").feedback == ("n: expected int 1, got float 1.0",)


def test_combining_verdicts():
    assert (passed() & failed("no")).fraction == 0
    assert partial([passed(), failed("x"), passed(), failed("y")]).fraction == 0.5
    assert true(1, "must be True").fraction == 0          # truthy is not True
    assert scaled(2.5, floor=3.0, goal=2.0, name="loss").fraction == 0.5
    assert scaled(1.9, floor=3.0, goal=2.0, name="loss").fraction == 1
    assert scaled(2.5, floor=3.0, goal=2.0, name="loss").feedback == ("loss is 2.5; full points need below 2",)
