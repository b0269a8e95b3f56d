"""Fused multi-head attention (lecture 7, EX1) against the per-head MultiHeadAttention.

Both modules hold the same weights (the fused one's c_attn is the heads' query, key and
value weights stacked), run in this process on the same input, and are timed one after the
other: forward, and forward + backward. Prints each time and the per-head / fused ratio,
and the largest difference between their outputs. Not a test: speed depends on the machine.

    python benchmarks/fused_attention.py                          # the reference solutions
    python benchmarks/fused_attention.py --submission exercises   # your lecture7 folder
    python benchmarks/fused_attention.py --device cuda --dtype bf16

The lecture's sizes are the default (n_embd 384, 6 heads, block_size 256, batch 64 on a GPU,
16 on a CPU); --n-head 12 --n-embd 768 shows the gap grow with the number of heads.
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from helpers import load, synchronize

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, device: str, repeats: int) -> float:
    """The best of ``repeats`` runs of fn(), in seconds, after two warm-up runs."""
    for _ in range(2):
        fn()
    best = float("inf")
    for _ in range(repeats):
        synchronize(device)
        started = time.perf_counter()
        fn()
        synchronize(device)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submission", type=Path, default=ROOT / "solutions",
                        help="folder holding lecture7/ (default: solutions)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--dtype", choices=["fp32", "bf16", "fp16"], default="fp32",
                        help="autocast dtype (bf16/fp16: CUDA, or bf16 on a CPU)")
    parser.add_argument("--batch", type=int, default=None)
    parser.add_argument("--block-size", type=int, default=256)
    parser.add_argument("--n-embd", type=int, default=384)
    parser.add_argument("--n-head", type=int, default=6)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    device, T, C, nh = args.device, args.block_size, args.n_embd, args.n_head
    B = args.batch or (64 if device == "cuda" else 16)

    folder = args.submission / "lecture7"
    gpt, fused = load(folder, "gpt"), load(folder, "fused_attention")
    torch.manual_seed(1337)
    per_head = gpt.MultiHeadAttention(nh, C // nh, C, T).to(device).eval()
    attn = fused.CausalSelfAttention(C, nh, T).to(device).eval()
    with torch.no_grad():
        heads = per_head.heads
        attn.c_attn.weight.copy_(torch.cat([h.query.weight for h in heads] + [h.key.weight for h in heads]
                                           + [h.value.weight for h in heads]))
        attn.c_proj.weight.copy_(per_head.proj.weight)
        attn.c_proj.bias.copy_(per_head.proj.bias)
    x = torch.randn(B, T, C, device=device)
    dtype = {"fp32": None, "bf16": torch.bfloat16, "fp16": torch.float16}[args.dtype]

    def run(module, backward: bool):
        def step():
            inp = x.detach().requires_grad_(backward)
            with torch.autocast(device_type=device, dtype=dtype, enabled=dtype is not None):
                out = module(inp)
            if backward:
                out.float().sum().backward()
            return out
        return step

    with torch.no_grad():
        diff = (run(attn, False)().float() - run(per_head, False)().float()).abs().max().item()
    print(f"B={B} T={T} n_embd={C} n_head={nh} on {device} ({args.dtype}); torch {torch.__version__}")
    print(f"max |fused - per-head| = {diff:.3g}")
    for label, backward in (("forward", False), ("forward + backward", True)):
        with torch.set_grad_enabled(backward):
            slow = timed(run(per_head, backward), device, args.repeats)
            fast = timed(run(attn, backward), device, args.repeats)
        print(f"  {label:<19} per-head {slow * 1e3:8.2f} ms   fused {fast * 1e3:8.2f} ms   "
              f"ratio {slow / fast:5.2f}x")


if __name__ == "__main__":
    main()
