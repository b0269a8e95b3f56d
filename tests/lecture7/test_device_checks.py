"""The fused attention's GPU-path checks, exercised without a GPU.

The CUDA checks call ``device_probe(sub, "cuda", dtype)`` and judge with ``judge_device`` /
``judge_autocast``. Both take the device as a parameter, so here they run on the CPU, with
CPU autocast standing in for CUDA's: the reference must pass within the dtype-aware
tolerance, and the classic GPU-path mistakes must fail with the feedback a learner would
see on a GPU. On a machine with CUDA the last test runs the real checks too.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest
import torch

from grader.checks.lecture7 import device_probe, judge_autocast, judge_device

ROOT = Path(__file__).resolve().parents[2]
SOURCE = (ROOT / "solutions" / "lecture7" / "fused_attention.py").read_text()
MASK = "att = att.masked_fill(self.tril[:, :, :T, :T] == 0, float('-inf'))"


def module(tmp_path: Path, old: str = "", new: str = ""):
    """The reference fused_attention.py, optionally with one edit, imported under a private name."""
    assert not old or SOURCE.count(old) == 1
    path = tmp_path / f"fused_{abs(hash((old, new)))}.py"
    path.write_text(SOURCE.replace(old, new) if old else SOURCE)
    spec = importlib.util.spec_from_file_location(path.stem, path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    return module(tmp_path_factory.mktemp("ref"))


def test_float32_on_a_device_matches_cpu(reference):
    want = device_probe(reference, "cpu", None, seed=56)
    assert judge_device(device_probe(reference, "cpu", None, seed=56), want, "cpu")


@pytest.mark.parametrize("dtype", [torch.bfloat16, torch.float16])
def test_reference_passes_autocast(reference, dtype):
    name = str(dtype).removeprefix("torch.")
    want = device_probe(reference, "cpu", dtype, seed=57)
    assert want["dtype"] == name                        # autocast really ran in the lower precision
    verdict = judge_autocast(device_probe(reference, "cpu", dtype, seed=57), want, name, "cpu")
    assert verdict, verdict.feedback


def test_fill_value_overflowing_float16_fails_with_the_reason(reference, tmp_path):
    mutant = module(tmp_path, MASK, MASK.replace("float('-inf')", "-1e9"))
    want = device_probe(reference, "cpu", torch.float16, seed=58)
    verdict = judge_autocast(device_probe(mutant, "cpu", torch.float16, seed=58), want, "float16", "cpu")
    assert not verdict
    assert "raised RuntimeError: value cannot be converted to type" in verdict.feedback[0]
    assert "a fill value such as -1e9 does not fit in float16" in verdict.feedback[0]
    # float32 and bfloat16 have the range for -1e9: those checks pass
    assert judge_device(device_probe(mutant, "cpu", None, seed=56), device_probe(reference, "cpu", None, seed=56), "cpu")


def test_wrong_attention_fails_the_autocast_tolerance(reference, tmp_path):
    mutant = module(tmp_path, MASK, "")
    want = device_probe(reference, "cpu", torch.bfloat16, seed=57)
    verdict = judge_autocast(device_probe(mutant, "cpu", torch.bfloat16, seed=57), want, "bfloat16", "cpu")
    assert not verdict
    assert "under bfloat16 autocast the output is" in verdict.feedback[0]
    assert "bfloat16 allows about" in verdict.feedback[0]


def test_judges_report_errors_and_missing_support():
    want = {"cpu": torch.zeros(2, 16, 32), "cpu_x_grad": torch.zeros(2, 16, 32)}
    got = {"error": "RuntimeError: Expected all tensors to be on the same device, but found at least two "
                    "devices, cuda:0 and cpu!"}
    verdict = judge_device(got, want, "cuda")
    assert not verdict and "register the mask with self.register_buffer" in verdict.feedback[0]
    assert judge_autocast({"unsupported": True}, {"unsupported": True}, "bfloat16", "cuda").status == "skipped"
    nan = {"out": torch.full((2, 16, 32), float("nan")), "dtype": "float16"}
    verdict = judge_autocast(nan, {**want, "out": torch.zeros(2, 16, 32)}, "float16", "cuda")
    assert not verdict and "1024 of 1024 outputs are NaN or infinite" in verdict.feedback[0]


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs CUDA")
def test_reference_passes_the_cuda_checks(course):
    from grader import engine
    report = engine.grade(course, course.resolve(["lecture7.EX1"]),
                          engine.Options(submission=course.solutions, device="cuda", jobs=1))
    checks = report.exercise("lecture7.EX1").checks
    assert all(c.status == "passed" for c in checks if c.name.startswith("cuda_")), [
        (c.name, c.status, c.feedback) for c in checks]
