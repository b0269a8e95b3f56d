"""The kernels lecture as a whole: the reference scores every CPU point under Triton's interpreter,
the stubs none, the GPU checks skip with the reason on a machine without CUDA (and pass on one),
and the interpreter really is what runs the kernels on CPU."""
from __future__ import annotations

import dataclasses
import importlib.util
import os

import pytest
import torch

from grader.checks.kernels import compiled
from tests.conftest import ROOT, grade

pytest.importorskip("triton", reason='the kernels lecture needs triton: pip install -e ".[kernels]"')

POINTS = 20
SPEED = ["cuda_speed"]


@pytest.fixture(scope="module")
def reference(course):
    return grade(course, ["kernels"], course.solutions)


def test_reference_scores_full_marks(reference):
    assert [e.id for e in reference.exercises] == ["kernels.vector_add", "kernels.softmax", "kernels.layernorm",
                                                   "kernels.matmul", "kernels.attention"]
    assert all(c.status in ("passed", "skipped") for e in reference.exercises for c in e.checks), [
        (c.id, c.feedback) for e in reference.exercises for c in e.checks if c.status not in ("passed", "skipped")]
    assert reference.points == reference.max_points == pytest.approx(POINTS, abs=1e-3)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_speed_checks_skip_with_the_reason(reference):
    for e in reference.exercises:
        skipped = [c for c in e.checks if c.status == "skipped"]
        assert [c.name for c in skipped] == SPEED
        assert skipped[0].feedback == ["needs CUDA, which this machine does not have"]


def test_stubs_score_nothing(course):
    report = grade(course, ["kernels"], course.exercises_dir)
    assert report.points == 0
    for e in report.exercises:
        for c in e.checks:
            if c.status != "skipped" and c.name != "masks":       # a stub's kernel has no load to leave unmasked
                assert c.feedback[0].startswith("not implemented yet: `"), (c.id, c.feedback)


def test_without_the_interpreter_the_kernels_do_not_run_on_cpu(course):
    """The exercises' env (TRITON_INTERPRET=1) is what makes triton run them on CPU tensors: without it,
    @triton.jit compiles for a GPU that is not there."""
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: the compiled kernels run")
    ex = dataclasses.replace(course.exercise("kernels.vector_add"), env=())
    lectures = tuple(dataclasses.replace(lec, exercises=(ex,)) if lec.id == "kernels" else lec
                     for lec in course.lectures)
    r = grade(dataclasses.replace(course, lectures=lectures), ["kernels.vector_add"], course.solutions)
    assert r.exercise("kernels.vector_add").check("kernel").status == "error"


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_reference_passes_the_gpu_checks(course):
    from grader import engine
    report = engine.grade(course, course.resolve(["kernels"]),
                          engine.Options(submission=course.solutions, device="cuda", jobs=1))
    for e in report.exercises:
        speed = e.check("cuda_speed")
        assert speed.status == "passed", (e.id, speed.feedback)
        print(e.id, speed.feedback)


def test_the_gpu_checks_import_the_module_again_compiled(monkeypatch):
    """Under the exercise's env the learner's kernels are the interpreter's; cuda_speed's import of the
    same file with TRITON_INTERPRET=0 gets kernels triton compiles (decorating needs no GPU, launching does),
    and leaves the variable as it was for the checks after it."""
    from triton.runtime.interpreter import InterpretedFunction
    from triton.runtime.jit import JITFunction

    monkeypatch.setenv("TRITON_INTERPRET", "1")
    path = ROOT / "solutions" / "kernels" / "vector_add.py"
    spec = importlib.util.spec_from_file_location("kernels_vector_add", path)
    sub = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(sub)
    assert isinstance(sub.add_kernel, InterpretedFunction)
    again = compiled(sub)
    assert isinstance(again.add_kernel, JITFunction) and not isinstance(again.add_kernel, InterpretedFunction)
    assert again.__name__ == "kernels_vector_add_compiled"
    assert os.environ["TRITON_INTERPRET"] == "1"


def test_the_speed_judge_scores_the_compiled_output_and_reports_the_time():
    """Without a GPU, the judge alone: the point is for the output (against the reference's), the time
    is a line of feedback."""
    from grader.checks.kernels import judge_speed
    want = {"out": torch.ones(10), "ms": 0.02, "torch_ms": 0.02, "card": "NVIDIA H200"}
    verdict = judge_speed({**want, "ms": 0.03}, want, "softmax")
    assert verdict.fraction == 1.0
    assert verdict.feedback == ("softmax on NVIDIA H200: 0.0300 ms, torch 0.0200 ms (1.50x torch's time; timed in "
                                "your process, for information)",)
    wrong = judge_speed({**want, "out": torch.zeros(10), "ms": 0.001}, want, "softmax")
    assert wrong.fraction == 0.0 and wrong.feedback[0].startswith("softmax compiled for CUDA: 10 of 10 values differ")
