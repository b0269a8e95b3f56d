"""Lecture 7 (GPT from scratch): the public checks.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds what several of them, the hidden checks or the tests share.

Small sizes throughout (n_embd 32, n_head 4, block_size 16, 2 layers, the 65 characters
of tinyshakespeare), so the whole lecture grades in seconds on a CPU.

Same weights, same function: a probe builds the learner's module, then overwrites every
parameter with values drawn from a private generator seeded by the check and the
parameter's *name* (``fill``), so the learner's and the reference's modules compute with
identical numbers whatever their own init drew, and a parameter named differently from
the docstring is reported by name. Inputs come from private generators too.

Properties are judged on the learner's own outputs: causality (changing tokens after
position t changes nothing at or before t), the loss at init (the judge recomputes the
cross-entropy from the returned logits and the data's own targets), generate's cropping
(what the model was fed at each step), and, for EX4, the tokens a KV cache produces
against full recomputation. The fused attention's "no loop over heads" is judged from
the learner's source, in the grader (``no_head_loop``: no for/while/comprehension,
``map`` or recursion in ``CausalSelfAttention.forward`` and what it reaches, no dynamic
access in the file).

One mistake costs one exercise: the block and model exercises build the learner's Block and model
of the course's own parts (``course_parts``), so a missing mask loses the attention exercise only;
generate's tokens must be those the learner's own forward pass picks. Dropout: in training mode two
forward passes under different seeds must differ, in each place the docstrings put it.

CUDA checks (``device="cuda"``) run only where CUDA is there: the fused attention on the
GPU against the CPU result, and under bf16/fp16 autocast within a tolerance scaled to
the dtype's precision. Elsewhere the engine reports them as skipped.
"""
from __future__ import annotations

import math
import zlib
from functools import lru_cache
from unittest import mock

import torch
import torch.nn as nn
import torch.nn.functional as F
from torch.overrides import TorchFunctionMode

from grader.check import check
from grader.data import read_text
from grader.judge import Verdict, close, describe, failed, is_number, passed, skipped, tensor, true

VOCAB = 65                                  # tinyshakespeare's characters
UNIFORM_LOSS = -math.log(1 / VOCAB)         # 4.1744: a model that knows nothing
INIT_MARGIN = 0.1                           # std-0.02 init lands ~0.02 away; torch's default init ~0.15
ATOL, RTOL = 1e-5, 1e-4


# --------------------------------------------------------------------------- the course's own parts

class Head(nn.Module):
    def __init__(self, head_size, n_embd, block_size, dropout=0.0):
        super().__init__()
        self.key, self.query, self.value = (nn.Linear(n_embd, head_size, bias=False) for _ in range(3))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        p = self.dropout.p if self.training else 0.0
        return F.scaled_dot_product_attention(self.query(x), self.key(x), self.value(x), dropout_p=p, is_causal=True)


class MultiHeadAttention(nn.Module):
    def __init__(self, num_heads, head_size, n_embd, block_size, dropout=0.0):
        super().__init__()
        self.heads = nn.ModuleList(Head(head_size, n_embd, block_size, dropout) for _ in range(num_heads))
        self.proj = nn.Linear(head_size * num_heads, n_embd)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        return self.dropout(self.proj(torch.cat([h(x) for h in self.heads], dim=-1)))


class FeedForward(nn.Module):
    def __init__(self, n_embd, dropout=0.0):
        super().__init__()
        self.net = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd),
                                 nn.Dropout(dropout))

    def forward(self, x):
        return self.net(x)


class LayerNorm(nn.Module):
    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps, self.weight, self.bias = eps, nn.Parameter(torch.ones(dim)), nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        return F.layer_norm(x, x.shape[-1:], self.weight, self.bias, self.eps)


class Block(nn.Module):
    def __init__(self, n_embd, n_head, block_size, dropout=0.0):
        super().__init__()
        self.sa = MultiHeadAttention(n_head, n_embd // n_head, n_embd, block_size, dropout)
        self.ffwd = FeedForward(n_embd, dropout)
        self.ln1, self.ln2 = LayerNorm(n_embd), LayerNorm(n_embd)

    def forward(self, x):
        x = x + self.sa(self.ln1(x))
        return x + self.ffwd(self.ln2(x))


ATTENTION = {"Head": Head, "MultiHeadAttention": MultiHeadAttention}
PARTS = {**ATTENTION, "FeedForward": FeedForward, "LayerNorm": LayerNorm, "Block": Block}


def course_parts(sub, parts: dict):
    """While on, the learner's module holds the course's ``parts``: what is built then uses them."""
    return mock.patch.multiple(sub, create=True, **parts)


def checks(probe, judge, **cases) -> None:
    """A public check for each of ``cases`` (its name: its case, and its ``weight`` if not 1), each run by
    ``probe`` and judged by ``judge``: one question at several sizes, one line each."""
    for name, case in cases.items():
        inputs = dict(case)
        weight = inputs.pop("weight", 1)

        def run(sub, **given):
            return probe(sub, **given)

        run.__name__ = run.__qualname__ = name
        check(weight=weight, case=inputs)(run).judge(judge)


# --------------------------------------------------------------------------- probe helpers

def gen(seed: int) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


def inputs(seed: int, *shape: int) -> torch.Tensor:
    return torch.randn(shape, generator=gen(seed))


def tokens(seed: int, B: int, T: int, vocab: int = VOCAB) -> torch.Tensor:
    return torch.randint(0, vocab, (B, T), generator=gen(seed))


def fill(module: torch.nn.Module, seed: int) -> dict[str, list[int]]:
    """Give every parameter seeded values chosen by its name; returns {name: shape}.

    Embeddings ~ N(0, 1), matrices ~ N(0, 1/fan_in), 1-D weights (norm scales) ~ 1 + N(0, 0.2²),
    other 1-D parameters (biases) ~ N(0, 0.2²): large enough that every part of the model
    shows in its outputs.
    """
    owners = dict(module.named_modules())
    shapes = {}
    with torch.no_grad():
        for name, p in module.named_parameters():
            shapes[name] = list(p.shape)
            g = gen(seed * 1000003 + zlib.crc32(name.encode()))
            owner = owners.get(name.rpartition(".")[0])
            if isinstance(owner, torch.nn.Embedding):
                value = torch.randn(p.shape, generator=g)
            elif p.dim() == 1 and name.endswith("weight"):
                value = 1 + 0.2 * torch.randn(p.shape, generator=g)
            elif p.dim() <= 1:
                value = 0.2 * torch.randn(p.shape, generator=g)
            else:
                value = torch.randn(p.shape, generator=g) / math.sqrt(p.shape[-1])
            p.copy_(value)
    return shapes


def plain(t):
    """A parameter (or any tensor subclass) as a plain, detached tensor; anything else as it is."""
    return t.detach().clone().as_subclass(torch.Tensor) if isinstance(t, torch.Tensor) else t


def causality(fn, x: torch.Tensor, ts: list[int], seed: int, vocab: int = VOCAB) -> list[dict]:
    """For each t: the largest change of fn's output at positions 0..t when everything after t changes."""
    with torch.no_grad():
        base = fn(x)
        rows = []
        for t in ts:
            x2 = x.clone()
            if x.dtype == torch.int64:
                x2[:, t + 1:] = (x[:, t + 1:] + 1 + tokens(seed + t, *x[:, t + 1:].shape, vocab - 1)) % vocab
            else:
                x2[:, t + 1:] = inputs(seed + t, *x[:, t + 1:].shape)
            out = fn(x2)
            rows.append({"t": t, "diff": (out[:, :t + 1] - base[:, :t + 1]).abs().amax(dim=(0, 2))})
    return rows


def scaled_queries(module: torch.nn.Module, factor: float, fn):
    """fn() after multiplying every ``query`` weight by ``factor`` (None if the module has none)."""
    queries = [m for name, m in module.named_modules() if name.rpartition(".")[2] == "query"]
    if not queries:
        return None
    try:
        with torch.no_grad():
            for m in queries:
                m.weight.mul_(factor)
            return fn()
    except Exception:
        return None


def attention_probe(sub, kind: str, seed: int, B: int, short: int, num_heads: int = 4, head_size: int = 8,
                    n_embd: int = 32, block_size: int = 16, ts: tuple[int, ...] = (0, 5, 11)) -> dict:
    """A Head or MultiHeadAttention with seeded weights: outputs, input gradient, causality.

    Also the output the same module gives with its queries shrunk by sqrt(head_size / n_embd):
    on the reference, that is what scaling the scores by n_embd**-0.5 would give.
    """
    if kind == "Head":
        module = sub.Head(head_size, n_embd, block_size)
    else:
        module = sub.MultiHeadAttention(num_heads, head_size, n_embd, block_size)
    params = fill(module, seed)
    module.eval()
    x = inputs(seed + 1, B, block_size, n_embd).requires_grad_()
    out = module(x)
    (out * inputs(seed + 2, *out.shape)).sum().backward()
    with torch.no_grad():
        short_out = module(x[:, :short].detach())
    return {"params": params, "out": out, "x_grad": x.grad, "short": short_out,
            "causal": causality(module, x.detach(), [t for t in ts if t < block_size - 1], seed + 3),
            "n_embd_scaled": scaled_queries(module, math.sqrt(head_size / n_embd), lambda: module(x.detach()))}


def layernorm_probe(sub, dim: int, shape: tuple[int, ...], seed: int, eps: float | None = None) -> dict:
    ln = sub.LayerNorm(dim) if eps is None else sub.LayerNorm(dim, eps=eps)
    params = fill(ln, seed)
    x = (3 * inputs(seed + 1, *shape) + 1).requires_grad_()
    out = ln(x)
    (out * inputs(seed + 2, *shape)).sum().backward()
    named = dict(ln.named_parameters())
    return {"params": params, "out": out, "x_grad": x.grad, "x": x.detach(),
            "weight": plain(named.get("weight")), "bias": plain(named.get("bias")),
            "weight_grad": None if "weight" not in named else named["weight"].grad,
            "eps": eps if eps is not None else 1e-5}


def feedforward_probe(sub, n_embd: int, seed: int, B: int, T: int) -> dict:
    ff = sub.FeedForward(n_embd)
    params = fill(ff, seed)
    ff.eval()
    return {"params": params, "out": ff(inputs(seed + 1, B, T, n_embd))}


def block_probe(sub, n_embd: int, n_head: int, block_size: int, seed: int, B: int,
                ts: tuple[int, ...] = (2, 9)) -> dict:
    """A Block (of the course's attention) with seeded weights; also what a post-norm block made of its
    own parts would give."""
    with course_parts(sub, ATTENTION):
        blk = sub.Block(n_embd, n_head, block_size)
    params = fill(blk, seed)
    blk.eval()
    x = inputs(seed + 1, B, block_size, n_embd).requires_grad_()
    out = blk(x)
    (out * inputs(seed + 2, *out.shape)).sum().backward()
    post = None
    try:
        with torch.no_grad():
            h = blk.ln1(x + blk.sa(x))
            post = blk.ln2(h + blk.ffwd(h))
    except Exception:
        pass
    return {"params": params, "out": out, "x_grad": x.grad, "post_norm": post,
            "causal": causality(blk, x.detach(), list(ts), seed + 3)}


def model_probe(sub, cfg: dict, seed: int, B: int, short: int) -> dict:
    """GPTLanguageModel (of the course's parts) with seeded weights: logits without targets, with targets,
    and causality."""
    with course_parts(sub, PARTS):
        model = sub.GPTLanguageModel(**cfg)
    params = fill(model, seed)
    model.eval()
    V, T = cfg["vocab_size"], cfg["block_size"]
    idx = tokens(seed + 1, B, T, V)
    with torch.no_grad():
        logits, loss = model(idx)
        short_logits, _ = model(idx[:, :short])
        t_logits, t_loss = model(idx, tokens(seed + 2, B, T, V))
    return {"params": params, "logits": logits, "loss_none": loss is None, "short": short_logits,
            "t_logits": t_logits, "loss": t_loss,
            "causal": causality(lambda i: model(i)[0], idx, [1, T // 2], seed + 3, V)}


@lru_cache(maxsize=None)
def shakespeare() -> tuple[torch.Tensor, int]:
    """tinyshakespeare encoded as in the lecture (sorted characters), and the vocabulary size."""
    text = read_text("tinyshakespeare")
    chars = sorted(set(text))
    lut = torch.zeros(256, dtype=torch.int64)
    lut[torch.tensor([ord(c) for c in chars])] = torch.arange(len(chars))
    return lut[torch.frombuffer(bytearray(text.encode()), dtype=torch.uint8).long()], len(chars)


def warm() -> None:
    """Called once in the sandbox's zygote, so that no fork recomputes it."""
    shakespeare()


def shakespeare_batch(seed: int, B: int, T: int) -> tuple[torch.Tensor, torch.Tensor]:
    data, _ = shakespeare()
    ix = torch.randint(len(data) - T, (B,), generator=gen(seed))
    return torch.stack([data[i:i + T] for i in ix]), torch.stack([data[i + 1:i + T + 1] for i in ix])


class GreedySampling(TorchFunctionMode):
    """While on, torch.multinomial (function or method) returns the most probable index instead
    of a sample, so generation is deterministic; its calls and inputs are recorded."""

    def __init__(self):
        super().__init__()
        self.calls = 0
        self.negative = False
        self.unnormalised = False

    def __torch_function__(self, func, types, args=(), kwargs=None):
        kwargs = kwargs or {}
        if func in (torch.multinomial, torch.Tensor.multinomial):
            probs = args[0]
            self.calls += 1
            if bool((probs < 0).any()):
                self.negative = True
            elif bool(((probs.double().sum(-1) - 1).abs() > 1e-3).any()):
                self.unnormalised = True
            return probs.argmax(dim=-1, keepdim=True)
        return func(*args, **kwargs)


def generate_probe(sub, cfg: dict, seed: int, B: int, T0: int, n: int) -> dict:
    """generate() with sampling made greedy: the tokens, what the model was fed at each step, and the
    token the model's own last-position logits pick for each context it should have been fed."""
    with course_parts(sub, PARTS):
        model = sub.GPTLanguageModel(**cfg)
    fill(model, seed)
    model.eval()
    prompt = tokens(seed + 1, B, T0, cfg["vocab_size"])
    fed: list[torch.Tensor] = []
    hook = model.token_embedding_table.register_forward_pre_hook(lambda m, a: fed.append(a[0].detach().clone()))
    mode = GreedySampling()
    out, error = None, None
    try:
        with torch.no_grad(), mode:
            out = model.generate(prompt.clone(), n)
    except Exception as e:
        error = f"{type(e).__name__}: {e}"[:300]
    hook.remove()
    own = None
    if type(out) is torch.Tensor and out.dim() == 2 and out.shape[1] == T0 + n:
        try:
            with torch.no_grad():
                own = [model(out[:, max(0, T0 + i - cfg["block_size"]):T0 + i])[0][:, -1].argmax(-1)
                       for i in range(n)]
        except Exception as e:
            own = f"{type(e).__name__}: {e}"[:300]
    return {"out": out, "fed": fed[:n + 2], "error": error, "calls": mode.calls, "own": own,
            "negative": mode.negative, "unnormalised": mode.unnormalised}


def twice(fn, seed: int) -> list:
    """fn() in training mode under two seeds, without gradients: dropout shows as two different outputs."""
    outs = []
    for s in (seed, seed + 1):
        torch.manual_seed(s)
        with torch.no_grad():
            outs.append(fn())
    return outs


def same(a, b) -> bool:
    return type(a) is torch.Tensor and type(b) is torch.Tensor and a.shape == b.shape and torch.equal(a, b)


def per_head_weights(seed: int, n_embd: int, n_head: int) -> dict:
    """The weights of a MultiHeadAttention (per head: query, key, value; then proj), drawn in a fixed order."""
    hs, g = n_embd // n_head, gen(seed)
    draw = lambda *shape: torch.randn(shape, generator=g) / math.sqrt(shape[-1])  # noqa: E731
    return {"query": [draw(hs, n_embd) for _ in range(n_head)], "key": [draw(hs, n_embd) for _ in range(n_head)],
            "value": [draw(hs, n_embd) for _ in range(n_head)], "proj_weight": draw(n_embd, n_embd),
            "proj_bias": 0.2 * torch.randn(n_embd, generator=g)}


def per_head_attention(seed: int, n_embd: int, n_head: int, block_size: int, B: int) -> torch.Tensor:
    """MultiHeadAttention head by head, on the weights and input fused_probe uses (computed in the grader)."""
    w = per_head_weights(seed, n_embd, n_head)
    x = inputs(seed + 1, B, block_size, n_embd)
    heads = [F.scaled_dot_product_attention(x @ Wq.T, x @ Wk.T, x @ Wv.T, is_causal=True)
             for Wq, Wk, Wv in zip(w["query"], w["key"], w["value"])]
    return torch.cat(heads, dim=-1) @ w["proj_weight"].T + w["proj_bias"]


def fused_setup(sub, n_embd: int, n_head: int, block_size: int, seed: int):
    """The learner's CausalSelfAttention holding a seeded MultiHeadAttention's weights, laid out as
    the docstring says: c_attn rows = [queries of heads 0..; keys ...; values ...], c_proj = proj."""
    w = per_head_weights(seed, n_embd, n_head)
    m = sub.CausalSelfAttention(n_embd, n_head, block_size)
    c_attn, c_proj = m.c_attn, m.c_proj
    for name, layer, shape in (("c_attn", c_attn, (3 * n_embd, n_embd)), ("c_proj", c_proj, (n_embd, n_embd))):
        if tuple(layer.weight.shape) != shape:
            raise ValueError(f"{name}.weight has shape {tuple(layer.weight.shape)}; expected {shape} "
                             f"for n_embd={n_embd}")
    with torch.no_grad():
        c_attn.weight.copy_(torch.cat(w["query"] + w["key"] + w["value"]))
        if getattr(c_attn, "bias", None) is not None:
            c_attn.bias.zero_()
        c_proj.weight.copy_(w["proj_weight"])
        c_proj.bias.copy_(w["proj_bias"])
    m.eval()
    return m


def fused_probe(sub, n_embd: int, n_head: int, block_size: int, seed: int, B: int, short: int,
                ts: tuple[int, ...] = (0, 5, 11)) -> dict:
    m = fused_setup(sub, n_embd, n_head, block_size, seed)
    x = inputs(seed + 1, B, block_size, n_embd).requires_grad_()
    out = m(x)
    (out * inputs(seed + 2, *out.shape)).sum().backward()
    with torch.no_grad():
        short_out = m(x[:, :short].detach())
    return {"out": out, "short": short_out, "x_grad": x.grad, "c_attn_grad": m.c_attn.weight.grad,
            "c_proj_grad": m.c_proj.weight.grad, "c_proj_bias_grad": m.c_proj.bias.grad,
            "causal": causality(m, x.detach(), [t for t in ts if t < block_size - 1], seed + 3)}


def device_probe(sub, device: str, dtype: torch.dtype | None, seed: int) -> dict:
    """The fused module on ``device`` (under autocast to ``dtype`` if given) and on the CPU, same weights.

    The CPU result (with gradients) comes first; then the module moves with ``.to(device)``.
    TF32 is turned off so that float32 on the GPU means float32.
    """
    if device == "cuda":
        torch.backends.cuda.matmul.allow_tf32 = False
        torch.backends.cudnn.allow_tf32 = False
        if dtype is torch.bfloat16 and not torch.cuda.is_bf16_supported():
            return {"unsupported": True}
    m = fused_setup(sub, 32, 4, 16, seed)
    x = inputs(seed + 1, 2, 16, 32).requires_grad_()
    weights = inputs(seed + 2, 2, 16, 32)
    out = m(x)
    (out * weights).sum().backward()
    result = {"cpu": out.detach(), "cpu_x_grad": x.grad}
    try:
        m = m.to(device)
        xd = x.detach().to(device).requires_grad_(dtype is None)
        if dtype is None:
            out = m(xd)
            (out * weights.to(device)).sum().backward()
            result["x_grad"] = xd.grad.detach().cpu()
        else:
            with torch.no_grad(), torch.autocast(device_type=device, dtype=dtype):
                out = m(xd)
    except Exception as e:
        result["error"] = f"{type(e).__name__}: {e}"[:300]
        return result
    result.update(out=out.detach().float().cpu(), device=out.device.type,
                  dtype=str(out.dtype).removeprefix("torch."))
    return result


def cached_model(sub, cfg: dict, seed: int):
    model = sub.CachedGPT(**cfg)
    params = fill(model, seed)
    model.eval()
    return model, params


def cache_shapes(cache) -> list | str:
    try:
        return [[list(k.shape), list(v.shape)] for k, v in cache]
    except Exception:
        return describe(cache)


def kv_step_probe(sub, cfg: dict, seed: int, B: int, T0: int, T1: int) -> dict:
    """Prefill T0 tokens, feed T1 more with the cache; and a full forward over all T0 + T1."""
    model, params = cached_model(sub, cfg, seed)
    idx = tokens(seed + 1, B, T0 + T1, cfg["vocab_size"])
    with torch.no_grad():
        prefill, cache = model(idx[:, :T0])
        prefill_cache = cache_shapes(cache)
        step, cache = model(idx[:, T0:], cache)
        full, _ = model(idx)
    return {"params": params, "prefill": prefill, "prefill_cache": prefill_cache, "step": step,
            "cache": cache_shapes(cache), "full": full[:, T0:]}


def kv_generate_probe(sub, cfg: dict, seed: int, B: int, T0: int, n: int) -> dict:
    model, _ = cached_model(sub, cfg, seed)
    prompt = tokens(seed + 1, B, T0, cfg["vocab_size"])
    fed = [0]
    def count(module, args):
        fed[0] += args[0].shape[1]
    hook = model.token_embedding_table.register_forward_pre_hook(count)
    out = model.generate_cached(prompt.clone(), n)
    hook.remove()
    return {"out": out, "prompt": prompt, "fed": fed[0], "n": n}


# --------------------------------------------------------------------------- judge helpers

def number(x):
    if type(x) is torch.Tensor and x.numel() == 1:
        return float(x.item())
    return float(x) if is_number(x) else x


def judge_params(got, want, what: str) -> Verdict:
    """Parameter names and shapes, as the docstring's attributes make them."""
    if type(got) is not dict:
        return failed(f"{what}: expected parameters, got {describe(got)}")
    missing = [k for k in want if k not in got]
    extra = [k for k in got if k not in want]
    if missing or extra:
        parts = ([f"missing {', '.join(missing[:3])}"] if missing else []) + \
                ([f"unexpected {', '.join(extra[:3])}"] if extra else [])
        return failed(f"{what}: the parameters are not the docstring's ({'; '.join(parts)}): name the "
                      f"sub-modules as the docstring does, with bias only where it says")
    for k in want:
        if got[k] != want[k]:
            return failed(f"{what}: {k} has shape {tuple(got[k])}, expected {tuple(want[k])}")
    return passed()


def judge_causal(rows, what: str, atol: float = 1e-5) -> Verdict:
    if type(rows) is not list:
        return failed(f"{what}: no causality result ({describe(rows)})")
    for row in rows:
        d = row["diff"]
        bad = (~(d <= atol)).nonzero()
        if len(bad):
            s = int(bad[0])
            return failed(f"{what} is not causal: changing the inputs after position {row['t']} changed the "
                          f"output at position {s} (by {float(d[s]):.3g}); the mask must hide every later "
                          f"position (position t attends only to positions <= t)")
    return passed()


def judge_outputs(got: dict, want: dict, what: str, keys: tuple[str, ...] = ("out", "short"),
                  atol: float = ATOL) -> Verdict:
    names = {"out": f"{what} output", "short": f"{what} output for T < block_size",
             "x_grad": f"{what}: the input's gradient"}
    verdict = passed()
    for k in keys:
        verdict = verdict & close(got[k], want[k], names.get(k, f"{what} {k}"), atol=atol, rtol=RTOL)
        if not verdict:
            break
    return verdict


def judge_attention(got: dict, want: dict, what: str) -> Verdict:
    params = judge_params(got["params"], want["params"], what)
    if not params:
        return params
    v = judge_outputs(got, want, what, ("out",))
    if not v and want["n_embd_scaled"] is not None and \
            close(got["out"], want["n_embd_scaled"], "", atol=ATOL, rtol=RTOL):
        return failed(f"{what}: the scores are scaled by n_embd**-0.5 (C, the width of x), the lecture's "
                      f"slip; scale them by head_size**-0.5 (the width of q and k), which keeps the "
                      f"scores at unit variance")
    return v & judge_outputs(got, want, what, ("short", "x_grad"))


def judge_layernorm(got: dict, want: dict, what: str) -> Verdict:
    """Against F.layer_norm computed here; named slips: unbiased variance, the wrong dimension."""
    params = judge_params(got["params"], want["params"], what)
    if not params:
        return params
    x, w, b, eps = want["x"], want["weight"], want["bias"], want["eps"]
    truth = F.layer_norm(x, (x.shape[-1],), w, b, eps)
    v = close(got["out"], truth, f"{what} output", atol=ATOL, rtol=RTOL)
    if v:
        return v & close(got["x_grad"], want["x_grad"], f"{what}: the input's gradient", atol=ATOL, rtol=RTOL) \
            & close(got["weight_grad"], want["weight_grad"], f"{what}: weight.grad", atol=ATOL, rtol=RTOL)
    if type(got["out"]) is torch.Tensor and got["out"].shape == truth.shape:
        unbiased = w * (x - x.mean(-1, keepdim=True)) / torch.sqrt(x.var(-1, keepdim=True) + eps) + b
        if close(got["out"], unbiased, "", atol=ATOL, rtol=RTOL):
            return failed(f"{what}: you divide by n - 1 (the unbiased variance, as the lecture's LayerNorm1d "
                          f"did); layer norm uses the biased variance: x.var(-1, keepdim=True, unbiased=False)")
        if x.dim() == 3:
            m, s = x.mean(1, keepdim=True), x.var(1, keepdim=True, unbiased=False)
            for wrong in ((x - m) / torch.sqrt(s + eps), (x - m) / torch.sqrt(x.var(1, keepdim=True) + eps)):
                if close(got["out"], w * wrong + b, "", atol=ATOL, rtol=RTOL):
                    return failed(f"{what}: you normalise over dim 1 (time, for a (B, T, C) input); "
                                  f"normalise each position over its features, the last dimension (-1)")
    return v


def judge_block(got: dict, want: dict, what: str) -> Verdict:
    params = judge_params(got["params"], want["params"], what)
    if not params:
        return params
    v = judge_outputs(got, want, what, ("out",))
    if not v and want["post_norm"] is not None and close(got["out"], want["post_norm"], "", atol=ATOL, rtol=RTOL):
        return failed(f"{what}: this is post-norm (norm after the residual add, as in the 2017 paper); the "
                      f"lecture's block is pre-norm: x = x + sa(ln1(x)), then x = x + ffwd(ln2(x))")
    return v & judge_outputs(got, want, what, ("x_grad",))


def as_btv(logits, B: int, T: int):
    """Logits as (B, T, V) whether they came flattened to (B*T, V) or not."""
    if type(logits) is torch.Tensor and logits.dim() == 2 and logits.shape[0] == B * T:
        return logits.view(B, T, -1)
    return logits


def judge_model(got: dict, want: dict, what: str, targets: torch.Tensor) -> Verdict:
    params = judge_params(got["params"], want["params"], what)
    if not params:
        return params
    v = close(got["logits"], want["logits"], f"{what}: logits", atol=1e-4, rtol=RTOL)
    v = v & true(got["loss_none"], f"{what}: without targets, forward should return (logits, None)")
    v = v & close(got["short"], want["short"], f"{what}: logits for T < block_size", atol=1e-4, rtol=RTOL)
    if not v:
        return v
    B, T = targets.shape
    t_logits = as_btv(got["t_logits"], B, T)
    v = close(t_logits, want["logits"], f"{what}: logits when targets are given", atol=1e-4, rtol=RTOL)
    if not v:
        return v
    loss = number(got["loss"])
    if not is_number(loss):
        return failed(f"{what}: with targets, the loss should be a scalar tensor, got {describe(got['loss'])}")
    ce = F.cross_entropy(t_logits.reshape(B * T, -1), targets.reshape(-1)).item()
    if abs(loss - ce) > 1e-4:
        return failed(f"{what}: the loss is {loss:.5g}, but the cross-entropy of your logits and the targets is "
                      f"{ce:.5g}: use F.cross_entropy on logits (B*T, vocab_size) and targets (B*T,)")
    return close(loss, number(want["loss"]), f"{what}: loss", atol=1e-4, rtol=RTOL)


def judge_generate(got: dict, prompt: torch.Tensor, n: int, what: str, block_size: int) -> Verdict:
    """generate's tokens against the learner's own model's picks (an upstream bug is forward's, judged there)."""
    if got["error"]:
        hint = ""
        if "index out of range" in got["error"]:
            hint = (f": the position table has only block_size = {block_size} rows, so feed the model just "
                    f"the last block_size tokens of idx")
        return failed(f"{what}: generate raised {got['error']}{hint}")
    if got["calls"] == 0:
        return failed(f"{what}: generate never called torch.multinomial: sample each next token with "
                      f"torch.multinomial(probs, num_samples=1)")
    if got["negative"] or got["unnormalised"]:
        return failed(f"{what}: torch.multinomial was given values that are not probabilities: turn the "
                      f"last position's logits into probabilities with F.softmax(logits, dim=-1) first")
    B, T0 = prompt.shape
    shape = tensor(got["out"], torch.empty(B, T0 + n, dtype=torch.int64), f"{what}: generate's result")
    if not shape:
        return shape
    out = got["out"]
    if not torch.equal(out[:, :T0], prompt):
        return failed(f"{what}: the result should start with idx itself, then the new tokens")
    fed = got["fed"]
    longest = max((f.shape[-1] for f in fed if type(f) is torch.Tensor), default=0)
    if longest > block_size:
        return failed(f"{what}: the model was fed {longest} tokens at once; crop the context to the last "
                      f"block_size = {block_size} tokens")
    if len(fed) == n:
        for i, f in enumerate(fed):
            expect = out[:, max(0, T0 + i - block_size):T0 + i]
            if type(f) is not torch.Tensor or f.shape != expect.shape or not torch.equal(f, expect):
                return failed(f"{what}: at step {i} the model was not fed the last {expect.shape[1]} tokens of "
                              f"the sequence so far (idx[:, -block_size:])")
    own = got["own"]
    if type(own) is not list or len(own) != n or any(type(t) is not torch.Tensor or t.shape != (B,) for t in own):
        return failed(f"{what}: the model's own forward pass gave no (B, T, vocab_size) logits for the contexts "
                      f"generate feeds it ({describe(own)})")
    differ = (out[:, T0:] != torch.stack(own, dim=1)).nonzero()
    if len(differ):
        b, j = (int(i) for i in differ[0])
        return failed(f"{what}: new token {j} of row {b} is not the one the model's last-position logits "
                      f"pick: take logits[:, -1, :] (the prediction after the last token), softmax, sample")
    return passed()


def judge_fused(got: dict, want: dict, what: str) -> Verdict:
    v = judge_outputs(got, want, what, ("out",))
    if not v:
        return failed(f"{v.feedback[0]}: with the weights of a MultiHeadAttention laid out as the docstring "
                      f"says, the fused module should compute the same function")
    return v & judge_outputs(got, want, what, ("short",))


def judge_fused_grads(got: dict, want: dict, what: str) -> Verdict:
    verdict = passed()
    for key, name in (("x_grad", "the input's gradient"), ("c_attn_grad", "c_attn.weight.grad"),
                      ("c_proj_grad", "c_proj.weight.grad"), ("c_proj_bias_grad", "c_proj.bias.grad")):
        verdict = verdict & close(got[key], want[key], f"{what}: {name}", atol=ATOL, rtol=RTOL)
    return verdict


UNIT_ROUNDOFF = {"bfloat16": 2.0**-8, "float16": 2.0**-11}


def judge_device(got: dict, want: dict, device: str) -> Verdict:
    """float32 on ``device`` against the reference's CPU float32 result (TF32 off)."""
    if got.get("error"):
        hint = ""
        if "device" in got["error"]:
            hint = (": a tensor stays on the CPU; register the mask with self.register_buffer so that "
                    ".to(device) moves it, and make new tensors on x's device")
        return failed(f"on {device.upper()} your module raised {got['error']}{hint}")
    return (true(got["device"] == device, f"given a {device.upper()} input, the output should be on "
                                          f"{device.upper()}, not {got['device']}")
            & close(got["out"], want["cpu"], f"output on {device.upper()} (against the CPU result)",
                    atol=2e-4, rtol=2e-4, dtype=False)
            & close(got["x_grad"], want["cpu_x_grad"], f"the input's gradient on {device.upper()}",
                    atol=2e-4, rtol=2e-4, dtype=False))


def judge_autocast(got: dict, want: dict, dtype: str, device: str) -> Verdict:
    """Under autocast the output must land near the float32 result: within what ``dtype`` allows
    (16 unit roundoffs of the output's scale) or 4 times the reference's own error, whichever is larger."""
    if want.get("unsupported") or got.get("unsupported"):
        return skipped(f"this {device.upper()} device has no {dtype} support")
    if got.get("error"):
        hint = ""
        if "overflow" in got["error"]:
            hint = (f": a fill value such as -1e9 does not fit in {dtype}; mask with float('-inf') (or "
                    f"torch.finfo(att.dtype).min)")
        return failed(f"under {dtype} autocast on {device.upper()} your module raised {got['error']}{hint}")
    out, truth = got["out"], want["cpu"]
    shape = tensor(out, truth, f"output under {dtype} autocast", dtype=False)
    if not shape:
        return shape
    bad = ~torch.isfinite(out)
    if bad.any():
        return failed(f"under {dtype} autocast {int(bad.sum())} of {out.numel()} outputs are NaN or infinite "
                      f"(first at {[int(i) for i in bad.nonzero()[0]]})")
    scale = float(truth.abs().max())
    ref_error = float((want["out"] - truth).abs().max())
    bound = max(4 * ref_error, 16 * UNIT_ROUNDOFF[dtype] * scale)
    err = (out - truth).abs()
    worst = float(err.max())
    if worst <= bound:
        return passed()
    at = [int(i) for i in torch.unravel_index(err.argmax(), err.shape)]
    return failed(f"under {dtype} autocast the output is {worst:.3g} away from the float32 result (worst at "
                  f"{at}); {dtype} allows about {bound:.3g} here (the reference lands {ref_error:.3g} away)")


def judge_cache_shapes(got, want, what: str) -> Verdict:
    if got != want:
        return failed(f"{what}: the cache should be one (k, v) per block, each (B, n_head, T, head_size): "
                      f"expected shapes {want[:1]}… ({len(want)} blocks), got "
                      f"{got if isinstance(got, str) else got[:2]}")
    return passed()


def judge_kv_step(got: dict, want: dict, what: str, T0: int) -> Verdict:
    params = judge_params(got["params"], want["params"], "CachedGPT")
    if not params:
        return params
    v = close(got["prefill"], want["prefill"], f"{what}: logits of a forward pass without a cache",
              atol=1e-4, rtol=RTOL)
    if not v:
        return v
    v = judge_cache_shapes(got["prefill_cache"], want["prefill_cache"], f"{what}: the cache after {T0} tokens")
    if not v:
        return v
    v = close(got["step"], want["full"], f"{what}: logits of the tokens fed with a cache of {T0}",
              atol=1e-4, rtol=RTOL)
    if not v:
        own_full = close(got["full"], want["full"], "", atol=1e-4, rtol=RTOL)
        if own_full:
            return failed(f"{v.feedback[0]}, while a full forward pass over all the tokens gets them right: "
                          f"the new tokens sit at positions {T0}, {T0 + 1}, … (T_past = {T0} cached), and each "
                          f"may attend to every cached key and to the new keys up to its own position")
        return v
    return judge_cache_shapes(got["cache"], want["cache"], f"{what}: the cache after the new tokens")


def judge_kv_generate(got: dict, want: dict, what: str) -> Verdict:
    shape = tensor(got["out"], want["out"], f"{what}: generate_cached's result")
    if not shape:
        return shape
    T0 = want["prompt"].shape[1]
    if not torch.equal(got["out"][:, :T0], want["prompt"]):
        return failed(f"{what}: the result should start with idx itself, then the new tokens")
    differ = (got["out"][:, T0:] != want["out"][:, T0:]).nonzero()
    if len(differ):
        b, j = (int(i) for i in differ[0])
        return failed(f"{what}: generation with the cache parts from full recomputation at new token {j} "
                      f"(row {b}; at position {T0 + j})")
    return passed()


KV = dict(vocab_size=VOCAB, n_embd=32, n_head=4, n_layer=2, block_size=16)


# --------------------------------------------------------------------------- EX4 menu: shared by its features

def seeded_run(module: torch.nn.Module, seed: int, *shape: int) -> dict:
    """The module in eval mode with seeded weights (``fill``) on a seeded input: its parameters (as plain
    tensors, for the judge's own formula), the input, the output. The menu's features are judged this way,
    against the paper's formula computed here from the learner's own weights, so no layout but the
    docstring's names is imposed."""
    fill(module, seed)
    module.eval()
    x = inputs(seed + 1, *shape)
    with torch.no_grad():
        out = module(x)
    return {"params": {k: plain(v) for k, v in module.named_parameters()}, "x": x, "out": out}


def split_heads(params: dict, x: torch.Tensor, n_head: int) -> tuple[torch.Tensor, ...]:
    """q, k, v (B, n_head, T, head_size) of EX1's layout (``c_attn.weight``: q, k, v; head h's features
    h*head_size:(h+1)*head_size), computed here from the learner's weights."""
    B, T, C = x.shape
    q, k, v = (x @ params["c_attn.weight"].T).split(C, dim=2)
    return tuple(t.view(B, T, n_head, C // n_head).transpose(1, 2) for t in (q, k, v))


def merge_heads(y: torch.Tensor, params: dict) -> torch.Tensor:
    """(B, n_head, T, head_size) side by side, then ``c_proj``."""
    B, nh, T, hs = y.shape
    return y.transpose(1, 2).reshape(B, T, nh * hs) @ params["c_proj.weight"].T + params["c_proj.bias"]


def judge_menu_params(got: dict, want: dict, what: str) -> Verdict:
    """A seeded_run's parameter names and shapes against the reference's."""
    if type(got) is not dict or type(got.get("params")) is not dict:
        return failed(f"{what}: expected the module's parameters, got {describe(got)}")
    return judge_params({k: list(v.shape) if type(v) is torch.Tensor else v for k, v in got["params"].items()},
                        {k: list(v.shape) for k, v in want["params"].items()}, what)
