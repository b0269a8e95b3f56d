"""Lecture 7's EX4 menu: did the feature help on tiny Shakespeare? Reported, never graded (issue 20).

Trains the same small character-level GPT (pre-norm blocks, fused causal attention) once as
the lecture builds it and once with each feature of the menu swapped in, taken from a
submission folder (default: the reference solutions): RoPE or ALiBi attention (and no position
table), QK-norm attention, grouped-query attention (n_kv_head = n_head / 2), RMSNorm for every
LayerNorm, SwiGLU for the feed-forward. Same data, seed, steps and learning rate for all; prints
each run's best validation loss and time against the baseline. A short run on one thread: at this
size a difference of a few hundredths is noise, which the output says.

    python benchmarks/menu_features.py                       # the reference solutions
    python benchmarks/menu_features.py --folder exercises/lecture7 --steps 600
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import torch
import torch.nn as nn
from torch.nn import functional as F

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from helpers import load  # noqa: E402

N_EMBD, N_HEAD, N_LAYER, BLOCK, BATCH, LR = 64, 4, 2, 64, 32, 1e-3


class Attention(nn.Module):
    """The baseline: EX1's fused causal attention."""

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.n_head = n_head
        self.c_attn, self.c_proj = nn.Linear(n_embd, 3 * n_embd, bias=False), nn.Linear(n_embd, n_embd)

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = (t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2) for t in self.c_attn(x).split(C, 2))
        return self.c_proj(F.scaled_dot_product_attention(q, k, v, is_causal=True).transpose(1, 2).reshape(B, T, C))


def mlp(n_embd):
    return nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd))


class GPT(nn.Module):
    def __init__(self, vocab, attention=Attention, ffwd=mlp, norm=nn.LayerNorm, positions=True):
        super().__init__()
        self.tok = nn.Embedding(vocab, N_EMBD)
        self.pos = nn.Embedding(BLOCK, N_EMBD) if positions else None
        self.blocks = nn.ModuleList(nn.ModuleList([norm(N_EMBD), attention(N_EMBD, N_HEAD, BLOCK), norm(N_EMBD),
                                                   ffwd(N_EMBD)]) for _ in range(N_LAYER))
        self.ln_f, self.head = norm(N_EMBD), nn.Linear(N_EMBD, vocab)

    def forward(self, idx):
        x = self.tok(idx) + (self.pos(torch.arange(idx.shape[1])) if self.pos is not None else 0)
        for ln1, sa, ln2, ff in self.blocks:
            x = x + sa(ln1(x))
            x = x + ff(ln2(x))
        return self.head(self.ln_f(x))


def variants(folder: Path) -> dict:
    m = {name: load(folder, name) for name in ("rope", "alibi", "qknorm", "gqa", "rmsnorm", "swiglu")}
    return {
        "baseline (lecture 7)": {},
        "RoPE": dict(attention=m["rope"].RoPESelfAttention, positions=False),
        "ALiBi": dict(attention=m["alibi"].ALiBiSelfAttention, positions=False),
        "QK-norm": dict(attention=m["qknorm"].QKNormSelfAttention),
        "GQA (n_kv_head 2)": dict(attention=lambda e, h, b: m["gqa"].GroupedQueryAttention(e, h, h // 2, b)),
        "RMSNorm": dict(norm=m["rmsnorm"].RMSNorm),
        "SwiGLU": dict(ffwd=lambda e: m["swiglu"].SwiGLU(e, multiple_of=32)),
    }


def run(kwargs: dict, data: torch.Tensor, vocab: int, steps: int) -> tuple[float, float]:
    torch.manual_seed(1337)
    model = GPT(vocab, **kwargs)
    n = int(0.9 * len(data))
    train, val = data[:n], data[n:n + 40_000]
    windows = val[:len(val) // (BLOCK + 1) * (BLOCK + 1)].view(-1, BLOCK + 1)
    opt = torch.optim.AdamW(model.parameters(), lr=LR)
    g = torch.Generator().manual_seed(1337)
    best, started = float("inf"), time.perf_counter()
    for it in range(steps + 1):
        if it % 100 == 0 or it == steps:
            with torch.no_grad():
                logits = model.eval()(windows[:, :-1])
                best = min(best, F.cross_entropy(logits.reshape(-1, vocab), windows[:, 1:].reshape(-1)).item())
            model.train()
        if it == steps:
            break
        ix = torch.randint(len(train) - BLOCK, (BATCH,), generator=g).tolist()
        x = torch.stack([train[i:i + BLOCK] for i in ix])
        y = torch.stack([train[i + 1:i + BLOCK + 1] for i in ix])
        loss = F.cross_entropy(model(x).reshape(-1, vocab), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
    return best, time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folder", type=Path, default=ROOT / "solutions" / "lecture7")
    parser.add_argument("--steps", type=int, default=500)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets" / "tinyshakespeare.txt")
    args = parser.parse_args()
    torch.set_num_threads(1)
    text = args.data.read_text()
    chars = sorted(set(text))
    data = torch.tensor([chars.index(c) for c in text[:400_000]], dtype=torch.long)
    print(f"{args.steps} steps, {N_LAYER} layers of {N_HEAD} heads, n_embd {N_EMBD}, one thread; best val loss:")
    base = None
    for name, kwargs in variants(args.folder).items():
        best, seconds = run(kwargs, data, len(chars), args.steps)
        base = best if base is None else base
        delta = "" if best == base else f"  {best - base:+.3f} ({'helped' if best < base - 0.02 else 'hurt' if best > base + 0.02 else 'within noise'})"
        print(f"  {name:22s} {best:.3f}  {seconds:5.1f} s{delta}", flush=True)


if __name__ == "__main__":
    main()
