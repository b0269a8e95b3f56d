"""Let's reproduce GPT-2 (124M), build-nanogpt: what the exercises' checks share.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds the grader's own copy of the lecture's GPT (:class:`GPT`), which the judges compute the
truth with and the probes stand in for the learner's model wherever an exercise is not about
the model (the optimizer's groups, the training step, DDP), so that one mistake costs one
exercise. Its parameters carry Hugging Face's names, so lecture 7's :func:`fill` gives the
learner's model and this one the same seeded values by name, and the judge rebuilds in its
own process exactly what the probe ran on; no reference solution is run for those checks.

Sizes are tiny (two layers, n_embd 32, a vocabulary of 64), so everything grades in seconds on a
CPU; the parameter count of GPT-2 (124M) itself is taken on the meta device, which allocates
nothing.
"""
from __future__ import annotations

import json
import math
from functools import lru_cache
from types import SimpleNamespace

import torch
import torch.nn as nn
from torch.nn import functional as F

from grader.checks.lecture7 import fill, gen, plain
from grader.data import read_text
from grader.judge import Verdict, close, failed, passed

SMALL = dict(block_size=16, vocab_size=64, n_layer=2, n_head=2, n_embd=32)
GPT2_PARAMS = 124_475_904           # GPTConfig() at vocab_size 50304, the tied head counted once
CONV1D = ("attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight")
BUFFERS = (".attn.bias", ".attn.masked_bias")       # not weights: transformers 4.x's masks, our mask


class Attention(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c_attn = nn.Linear(c.n_embd, 3 * c.n_embd)
        self.c_proj = nn.Linear(c.n_embd, c.n_embd)
        self.n_head = c.n_head

    def forward(self, x):
        B, T, C = x.shape
        q, k, v = (t.view(B, T, self.n_head, -1).transpose(1, 2) for t in self.c_attn(x).split(C, dim=2))
        y = F.scaled_dot_product_attention(q, k, v, is_causal=True)
        return self.c_proj(y.transpose(1, 2).reshape(B, T, C))


class MLP(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.c_fc = nn.Linear(c.n_embd, 4 * c.n_embd)
        self.c_proj = nn.Linear(4 * c.n_embd, c.n_embd)
        self.approximate = c.gelu

    def forward(self, x):
        return self.c_proj(F.gelu(self.c_fc(x), approximate=self.approximate))


class Block(nn.Module):
    def __init__(self, c):
        super().__init__()
        self.ln_1, self.attn, self.ln_2, self.mlp = nn.LayerNorm(c.n_embd), Attention(c), nn.LayerNorm(c.n_embd), MLP(c)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    """The lecture's GPT-2 (``gelu="none"``: the exact GELU, to recognise that mistake)."""

    def __init__(self, cfg: dict, gelu: str = "tanh"):
        super().__init__()
        c = self.config = SimpleNamespace(**cfg, gelu=gelu)
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(c.vocab_size, c.n_embd), wpe=nn.Embedding(c.block_size, c.n_embd),
            h=nn.ModuleList([Block(c) for _ in range(c.n_layer)]), ln_f=nn.LayerNorm(c.n_embd)))
        self.lm_head = nn.Linear(c.n_embd, c.vocab_size, bias=False)
        self.lm_head.weight = self.transformer.wte.weight

    def forward(self, idx, targets=None):
        x = self.transformer.wte(idx) + self.transformer.wpe(torch.arange(idx.size(1), device=idx.device))
        for block in self.transformer.h:
            x = block(x)
        logits = self.lm_head(self.transformer.ln_f(x))
        loss = None if targets is None else F.cross_entropy(logits.flatten(0, 1), targets.flatten())
        return logits, loss


def filled(cfg: dict, seed: int, gelu: str = "tanh") -> GPT:
    model = GPT(cfg, gelu)
    fill(model, seed)
    return model


def weights(state: dict) -> dict:
    """A state dict without the mask buffers, as plain tensors."""
    return {k: plain(v) for k, v in state.items() if not k.endswith(BUFFERS)}


def expected_shapes(cfg: dict) -> dict[str, list[int]]:
    with torch.device("meta"):
        return {k: list(v.shape) for k, v in GPT(cfg).state_dict().items()}


def tokens(seed: int, B: int, T: int, vocab: int) -> torch.Tensor:
    return torch.randint(0, vocab, (B, T), generator=gen(seed))


def batches(seed: int, n: int, B: int, T: int, vocab: int) -> list[tuple[torch.Tensor, torch.Tensor]]:
    """``n`` seeded (x, y) micro-batches."""
    xy = [tokens(seed + i, B, T + 1, vocab) for i in range(n)]
    return [(b[:, :-1], b[:, 1:]) for b in xy]


class Batches:
    """A loader with DataLoaderLite's ``next_batch()`` that serves given batches in order, so that
    the training step is judged with the grader's data, never the learner's loader."""

    def __init__(self, served):
        self.served, self.i = served, 0

    def next_batch(self):
        x, y = self.served[self.i % len(self.served)]
        self.i += 1
        return x, y


def sgd_steps(cfg: dict, seed: int, micro: list[list], lr: float) -> list[dict]:
    """The truth for train_step: for each step's micro-batches (all processes' batches of a micro-step
    side by side), the mean loss, the gradient's norm before clipping and the clipped gradients,
    then an SGD step at ``lr``."""
    model = filled(cfg, seed)
    opt = torch.optim.SGD(model.parameters(), lr=lr)
    out = []
    for step in micro:
        opt.zero_grad()
        loss = sum(model(x, y)[1] for x, y in step) / len(step)
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        out.append({"loss": loss.detach(), "norm": norm, "grads": grads(model)})
        opt.step()
    return out


def grads(model: nn.Module) -> dict:
    return {n: plain(p.grad) if p.grad is not None else None for n, p in model.named_parameters()}


def ratio(got, want) -> float:
    """got / want of two positive numbers (inf where want is 0)."""
    return float(got) / float(want) if float(want) else math.inf


def judge_grads(got: dict, want: dict, what: str) -> Verdict:
    if set(got) != set(want):
        return failed(f"{what}: the gradients are of parameters {sorted(set(got) ^ set(want))[:3]} that should "
                      f"not be there, or missing")
    for name, w in want.items():
        if got[name] is None:
            return failed(f"{what}: {name} has no gradient")
        v = close(got[name], w, f"{what}: the gradient of {name}", atol=1e-6, rtol=1e-4)
        if not v:
            return v
    return passed()


def bytes_to_unicode() -> dict[int, str]:
    """GPT-2's printable stand-in for each byte in encoder.json and vocab.bpe (the printable bytes
    stand for themselves, the others are 256, 257, … in byte order)."""
    printable = [b for b in range(256) if chr(b).isprintable() and chr(b) != " "]
    others = [b for b in range(256) if b not in printable]
    return {**{b: chr(b) for b in printable}, **{b: chr(256 + i) for i, b in enumerate(others)}}


@lru_cache(maxsize=1)
def encoding():
    """tiktoken's "gpt2" Encoding, built from the manifest's two files (never a download): the
    ranks are encoder.json's ids, and vocab.bpe's merges, in order, make tokens 256, 257, …
    Built once per process (0.2 s): the judges of gpt2.fast and the tokens of gpt2.train share it."""
    import tiktoken
    byte_of = {ch: b for b, ch in bytes_to_unicode().items()}
    encoder = json.loads(read_text("gpt2-encoder"))
    ranks = {bytes(byte_of[ch] for ch in tok): i for tok, i in encoder.items() if tok != "<|endoftext|>"}
    merges = read_text("gpt2-vocab").split("\n")[1:-1]
    assert all(encoder["".join(m.split())] == 256 + i for i, m in enumerate(merges)), "vocab.bpe and encoder.json disagree"
    pat = r"""'(?:[sdmt]|ll|ve|re)| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+"""
    return tiktoken.Encoding("gpt2", pat_str=pat, mergeable_ranks=ranks,
                             special_tokens={"<|endoftext|>": encoder["<|endoftext|>"]}, explicit_n_vocab=50257)


# --------------------------------------------------------------------------- DDP under torchrun

DDP_LR = 0.05
WORKER = "import sys; from grader.checks.gpt2 import ddp_worker; ddp_worker(sys.argv[1])"


def global_batches(seed: int, steps: int, A: int, W: int, B: int, T: int, vocab: int) -> list[list]:
    """Each step's A * W micro-batches: micro-step m of rank r is the step's [m * W + r]."""
    served = batches(seed, steps * A * W, B, T, vocab)
    return [served[s * A * W:(s + 1) * A * W] for s in range(steps)]


def ddp_worker(spec: str) -> None:
    """One torchrun worker: the learner's ``setup_ddp`` (gloo) and ``train_step(..., ddp=True)`` on the
    grader's GPT wrapped in DistributedDataParallel and fed this rank's share of the grader's batches;
    what each step left (loss, norm, clipped gradients) is saved for the probe to read back."""
    import importlib
    import os
    import sys

    import torch.distributed as dist
    from torch.nn.parallel import DistributedDataParallel as DDP

    s = json.loads(spec)
    torch.set_num_threads(1)
    sys.path.insert(0, s["folder"])
    sub = importlib.import_module(s["module"])
    ddp, rank, _, world, _ = sub.setup_ddp(backend="gloo")
    if not dist.is_initialized():
        raise RuntimeError(f"setup_ddp returned ddp={ddp} but joined no process group")
    model = DDP(filled(s["cfg"], s["seed"]))
    opt = torch.optim.SGD(model.parameters(), lr=DDP_LR)
    mine = [b for step in global_batches(s["seed"] + 1, s["steps"], s["A"], world, s["B"], s["T"],
                                         s["cfg"]["vocab_size"]) for b in step[rank::world]]
    loader = Batches(mine)
    out = []
    for _ in range(s["steps"]):
        loss, norm = sub.train_step(model, opt, loader, s["A"], ddp=True)
        out.append({"loss": float(loss), "norm": float(norm), "grads": grads(model.module)})
    torch.save({"returned": [bool(ddp), int(rank), int(world)], "steps": out},
               os.path.join(s["out"], f"rank{os.environ['RANK']}.pt"))
    dist.destroy_process_group()


# --------------------------------------------------------------------------- the training run

TRAIN_GOAL, TRAIN_FLOOR = 7.8, 9.5     # reference: 7.19 after 50 steps (on the grader's parts); a model that knows nothing: ~10.8
MAX_LAYERS, MAX_EMBD, MAX_BLOCK = 8, 256, 1024


def shakespeare_tokens() -> torch.Tensor:
    """Tiny Shakespeare in GPT-2 tokens (338,025), encoded in the grader."""
    return torch.tensor(encoding().encode_ordinary(read_text("tinyshakespeare")))


def training_split() -> dict:
    """The first 90 % of the tokens, handed to the probe (``given``): the rest never enters the sandbox."""
    toks = shakespeare_tokens()
    return {"tokens": toks[:int(0.9 * len(toks))]}


def held_out(seed: int, n: int, T: int) -> tuple[torch.Tensor, torch.Tensor]:
    """``n`` windows of the last 10 %, at positions drawn from ``seed``."""
    toks = shakespeare_tokens()
    val = toks[int(0.9 * len(toks)):]
    ix = torch.randint(len(val) - T - 1, (n,), generator=gen(seed))
    return torch.stack([val[i:i + T] for i in ix]), torch.stack([val[i + 1:i + T + 1] for i in ix])


def config_of(state: dict, n_head: int) -> dict | str:
    """The config the trained weights were made with, read from their shapes, or what is wrong."""
    if type(n_head) is not int or "transformer.wte.weight" not in state or "transformer.wpe.weight" not in state:
        return "the state dict has no transformer.wte.weight / transformer.wpe.weight, or config.n_head is not an int"
    V, C = state["transformer.wte.weight"].shape
    n_layer = len({k.split(".")[2] for k in state if k.startswith("transformer.h.")})
    cfg = dict(block_size=state["transformer.wpe.weight"].shape[0], vocab_size=V, n_layer=n_layer, n_head=n_head,
               n_embd=C)
    if V != 50304 or n_layer > MAX_LAYERS or C > MAX_EMBD or cfg["block_size"] > MAX_BLOCK or n_head < 1 or C % n_head:
        return (f"the config read from the weights, {cfg}, is not vocab_size 50304 with n_layer <= {MAX_LAYERS}, "
                f"n_embd <= {MAX_EMBD} (divisible by n_head), block_size <= {MAX_BLOCK}")
    return cfg


def held_out_loss(model: nn.Module, seed: int) -> float:
    x, y = held_out(seed, 64, min(model.config.block_size, 32))
    with torch.no_grad():
        return float(model(x, y)[1])
