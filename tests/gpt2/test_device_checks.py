"""The CUDA checks of gpt2 (bf16 autocast on "cuda:0", SDPA on the GPU, fused AdamW): the reference
passes them where there is a GPU; elsewhere they skip with the reason, as the engine reports them."""
from __future__ import annotations

import pytest
import torch

from tests.conftest import grade

CUDA_CHECKS = {"gpt2.fast": ["bf16_cuda", "flash_attention_cuda"], "gpt2.optimizer": ["cuda_fused"]}


def test_cuda_checks_skip_with_the_reason_without_cuda(course):
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA: test_the_reference_passes_the_cuda_checks runs them")
    report = grade(course, list(CUDA_CHECKS), course.solutions)
    for exercise, names in CUDA_CHECKS.items():
        for name in names:
            c = report.exercise(exercise).check(name)
            assert c.status == "skipped" and c.feedback == ["needs CUDA, which this machine does not have"], c


@pytest.mark.cuda
@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a CUDA device")
def test_the_reference_passes_the_cuda_checks(course):
    report = grade(course, list(CUDA_CHECKS), course.solutions)
    for exercise, names in CUDA_CHECKS.items():
        for name in names:
            assert report.exercise(exercise).check(name).status == "passed", report.exercise(exercise).check(name)
