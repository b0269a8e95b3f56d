"""Greedy generation with a KV cache (lecture 7, EX4) against full recomputation.

One CachedGPT, two ways to generate the same tokens: ``generate`` reruns the whole context
for every new token, ``generate_cached`` feeds only the newest token once the cache is
full of the prompt. Both run in this process, one after the other; prints each time, the
speed-up, and whether the tokens agree. Not a test: speed depends on the machine.

    python benchmarks/kv_cache.py                              # the reference solutions
    python benchmarks/kv_cache.py --submission exercises       # your lecture7 folder
    python benchmarks/kv_cache.py --n-embd 384 --n-head 6 --n-layer 6 --block-size 1024 --new-tokens 1000

The cache pays off most for long outputs: full recomputation costs O(T^2) per token, the
cache O(T). Past block_size the window slides and the cache is rebuilt every step, so keep
the prompt plus the new tokens within block_size to see the speed-up (the default does).
"""
from __future__ import annotations

import argparse
import time
from pathlib import Path

import torch

from helpers import load, synchronize

ROOT = Path(__file__).resolve().parents[1]


def timed(fn, device: str) -> tuple[float, torch.Tensor]:
    synchronize(device)
    started = time.perf_counter()
    out = fn()
    synchronize(device)
    return time.perf_counter() - started, out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submission", type=Path, default=ROOT / "solutions",
                        help="folder holding lecture7/ (default: solutions)")
    parser.add_argument("--device", default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--n-embd", type=int, default=128)
    parser.add_argument("--n-head", type=int, default=4)
    parser.add_argument("--n-layer", type=int, default=2)
    parser.add_argument("--block-size", type=int, default=256)
    parser.add_argument("--prompt", type=int, default=16)
    parser.add_argument("--new-tokens", type=int, default=200)
    args = parser.parse_args()
    device = args.device

    kv = load(args.submission / "lecture7", "kv_cache")
    torch.manual_seed(1337)
    model = kv.CachedGPT(65, args.n_embd, args.n_head, args.n_layer, args.block_size).to(device).eval()
    idx = torch.randint(0, 65, (1, args.prompt), device=device)
    model.generate_cached(idx, 4), model.generate(idx, 4)               # warm-up
    slow, full = timed(lambda: model.generate(idx, args.new_tokens), device)
    fast, cached = timed(lambda: model.generate_cached(idx, args.new_tokens), device)
    print(f"CachedGPT n_embd={args.n_embd} n_head={args.n_head} n_layer={args.n_layer} "
          f"block_size={args.block_size} on {device}; torch {torch.__version__}")
    print(f"{args.new_tokens} new tokens after a {args.prompt}-token prompt:")
    print(f"  full recomputation {slow:7.3f} s   KV cache {fast:7.3f} s   speed-up {slow / fast:5.2f}x")
    print(f"  same tokens: {torch.equal(full, cached)}")


if __name__ == "__main__":
    main()
