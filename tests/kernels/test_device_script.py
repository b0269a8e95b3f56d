"""benchmarks/device.sh runs end to end without CUDA too: the card line says so, the tests run (their
CUDA cases skipping), and every part that needs a GPU says it was skipped for want of one."""
from __future__ import annotations

import os
import subprocess

import pytest
import torch

from tests.conftest import ROOT


@pytest.mark.slow                # pytest collects the whole test tree in it: 10-30 s on 2 shared cores
@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA: the script runs the real parts")
def test_device_script_without_cuda(tmp_path):
    run = subprocess.run([str(ROOT / "benchmarks" / "device.sh")], env={**os.environ, "OUT": str(tmp_path)},
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    lines = (tmp_path / "device-summary.txt").read_text().splitlines()
    assert lines[0] == "no CUDA device"
    for part in ("grade --device cuda", "gpt_addition training on cuda", "fused attention T=1024, 12 heads",
                 "kernels vs torch"):
        assert f"{part}: skipped, no CUDA device" in lines, lines
    assert any(line.startswith("tests marked cuda: ok, ") for line in lines), lines
    assert (tmp_path / "device-logs" / "tests-marked-cuda.log").is_file()
