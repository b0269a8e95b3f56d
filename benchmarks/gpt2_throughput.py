"""GPT-2 training throughput (build-nanogpt): tokens per second of the reference's training step.

Two ways of running the same model (solutions/gpt2/model.py, or a submission's) on the same
batches: the lecture's starting point, float32 with the manual attention and a plain AdamW
("fp32 eager"), and its end point, bf16 autocast, flash attention by
F.scaled_dot_product_attention (fast.py's ``attention``) and fused AdamW ("bf16 + SDPA + fused").
Each times forward, backward and the optimizer step; prints tokens/s of each and their ratio, on
the CPU at a small config and, where CUDA is present, on the GPU at a larger one (what it
skipped, it says). Not a test: speed depends on the machine.

    python benchmarks/gpt2_throughput.py                          # the reference solutions
    python benchmarks/gpt2_throughput.py --submission exercises   # your gpt2 folder

On a CPU bf16 autocast is slower than float32 (~1.5x in the lecture's notes): the GPU is what
the lecture's speed-ups are for.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch

from helpers import load, synchronize

ROOT = Path(__file__).resolve().parents[1]
CONFIGS = {"cpu": dict(block_size=128, vocab_size=50304, n_layer=2, n_head=4, n_embd=128, B=4, steps=4),
           "cuda": dict(block_size=1024, vocab_size=50304, n_layer=12, n_head=12, n_embd=768, B=8, steps=10)}


def with_flash(model, attention) -> None:
    """Each block's attention computed by ``attention(q, k, v)`` on the block's own c_attn and c_proj."""
    for block in model.transformer.h:
        attn = block.attn

        def forward(x, attn=attn):
            B, T, C = x.shape
            q, k, v = (t.view(B, T, attn.n_head, C // attn.n_head).transpose(1, 2)
                       for t in attn.c_attn(x).split(C, dim=2))
            return attn.c_proj(attention(q, k, v).transpose(1, 2).contiguous().view(B, T, C))
        attn.forward = forward


def tokens_per_second(model_py, fast, device: str, fast_path: bool, cfg: dict) -> float:
    cfg = dict(cfg)
    B, steps = cfg.pop("B"), cfg.pop("steps")
    torch.manual_seed(1337)
    model = model_py.GPT(model_py.GPTConfig(**cfg)).to(device)
    if fast_path:
        with_flash(model, fast.attention)
    opt = torch.optim.AdamW(model.parameters(), lr=3e-4, betas=(0.9, 0.95), eps=1e-8, fused=fast_path)
    T = cfg["block_size"]
    x = torch.randint(0, 50257, (B, T), device=device)
    y = torch.randint(0, 50257, (B, T), device=device)

    def step():
        opt.zero_grad()
        with torch.autocast(device_type=device, dtype=torch.bfloat16, enabled=fast_path):
            _, loss = model(x, y)
        loss.backward()
        opt.step()

    step()                                       # warm-up
    synchronize(device)
    started = time.perf_counter()
    for _ in range(steps):
        step()
    synchronize(device)
    return B * T * steps / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--submission", type=Path, default=ROOT / "solutions",
                        help="folder holding gpt2/ (default: solutions)")
    args = parser.parse_args()
    folder = args.submission / "gpt2"
    sys.path.insert(0, str(folder))
    model_py, fast = load(folder, "model"), load(folder, "fast")
    devices = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])
    if "cuda" not in devices:
        print("cuda: skipped (no CUDA device here)")
    for device in devices:
        cfg = CONFIGS[device]
        eager = tokens_per_second(model_py, fast, device, False, cfg)
        quick = tokens_per_second(model_py, fast, device, True, cfg)
        size = ", ".join(f"{k}={v}" for k, v in cfg.items() if k != "steps")
        print(f"{device} ({size}): fp32 eager {eager:,.0f} tok/s, bf16 + SDPA + fused AdamW {quick:,.0f} tok/s, "
              f"ratio {quick / eager:.2f}x")


if __name__ == "__main__":
    main()
