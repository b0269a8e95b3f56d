"""What the lecture-7 speed benchmarks share: importing a submission's file, and a clock
that waits for the GPU (CUDA runs asynchronously: without it, a timing measures the launch)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import torch


def load(folder: Path, name: str):
    """``folder/name.py`` imported under a private name (the benchmarks compare two folders' files)."""
    spec = importlib.util.spec_from_file_location(f"bench_{name}", folder / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def synchronize(device: str) -> None:
    if device == "cuda":
        torch.cuda.synchronize()
