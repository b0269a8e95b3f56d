"""The kernels lecture's Triton kernels against torch's own ops, compiled on a GPU.

Imports the kernels of a submission (the reference solutions by default) with Triton's
interpreter off, checks each against torch on the same input, and times both with
``triton.testing.do_bench``: prints milliseconds, the kernel's time over torch's, and the
achieved bandwidth (GB/s) of the memory-bound ones. Not a test: the GPU may be shared.
Without CUDA it says so and exits 0 (the kernels then run only under the interpreter, at
the checks' small sizes: see `coursekit grade kernels`).

    python benchmarks/kernels.py
    python benchmarks/kernels.py --submission exercises/kernels
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import torch
import torch.nn.functional as F

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submission", type=Path, default=ROOT / "solutions" / "kernels",
                        help="the folder holding vector_add.py, softmax.py, layernorm.py, matmul.py, attention.py")
    args = parser.parse_args()
    if not torch.cuda.is_available():
        print("kernels vs torch: skipped, no CUDA device (the interpreter is for correctness, not speed)")
        return
    os.environ["TRITON_INTERPRET"] = "0"        # read when @triton.jit decorates: before the import below
    from triton.testing import do_bench

    from helpers import load

    x = torch.randn(1 << 26, device="cuda")
    rows = torch.randn(8192, 1000, device="cuda")
    w, b = torch.randn(1000, device="cuda"), torch.randn(1000, device="cuda")
    a, m = torch.randn(4096, 4096, device="cuda"), torch.randn(4096, 4096, device="cuda")
    heads = tuple(torch.randn(8, 12, 1024, 64, device="cuda") for _ in range(3))
    cases = [  # name, module, function, torch's op, inputs, bytes moved (None: compute-bound)
        ("vector add, 2^26", "vector_add", "add", torch.add, (x, x), 3 * x.numel() * 4),
        ("softmax, 8192 x 1000", "softmax", "softmax", lambda t: torch.softmax(t, dim=1), (rows,),
         2 * rows.numel() * 4),
        ("layernorm, 8192 x 1000", "layernorm", "layernorm", lambda t, w, b: F.layer_norm(t, (1000,), w, b),
         (rows, w, b), 2 * rows.numel() * 4),
        ("matmul fp32, 4096^3", "matmul", "matmul", torch.matmul, (a, m), None),
        ("causal attention, 8 x 12 x 1024 x 64", "attention", "attention",
         lambda q, k, v: F.scaled_dot_product_attention(q, k, v, is_causal=True), heads, None),
    ]
    print(f"{torch.cuda.get_device_name()}; torch {torch.__version__}; {args.submission}")
    for name, module, function, baseline, inputs, moved in cases:
        fn = getattr(load(args.submission, module), function)
        diff = float((fn(*inputs) - baseline(*inputs)).abs().max())
        ms, torch_ms = do_bench(lambda: fn(*inputs)), do_bench(lambda: baseline(*inputs))
        rate = f", {moved / ms / 1e6:.0f} GB/s (torch {moved / torch_ms / 1e6:.0f})" if moved else ""
        print(f"  {name:36s} triton {ms:8.3f} ms  torch {torch_ms:8.3f} ms  x{ms / torch_ms:.2f}{rate}  "
              f"max diff {diff:.2g}", flush=True)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    main()
