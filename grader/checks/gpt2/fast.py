"""The public checks of gpt2.fast: ``attention`` against the manual attention computed here (and its
causality), ``forward_bf16`` on the grader's GPT against the float32 result within bfloat16's
precision, on the CPU and, where there is one, on a CUDA device addressed as "cuda:0" (the device
type autocast needs is "cuda"), the padded vocabulary size, and a token stream made by the learner's
``encode_documents`` with the real GPT-2 Encoding (built in the sandbox from the manifest's files)
that holds none of the padded ids."""
from __future__ import annotations

import ast
import math

import torch

from grader.check import check
from grader.checks.common import error_line
from grader.checks.gpt2 import SMALL, encoding, filled, tokens
from grader.checks.lecture7 import UNIT_ROUNDOFF, inputs
from grader.judge import close, failed, passed


def manual_attention(q, k, v):
    T = q.size(-2)
    att = (q @ k.transpose(-2, -1)) / math.sqrt(k.size(-1))
    att = att.masked_fill(torch.tril(torch.ones(T, T, dtype=torch.bool, device=q.device)).logical_not(), float("-inf"))
    return att.softmax(dim=-1) @ v


def qkv(seed: int, B: int, nh: int, T: int, hs: int):
    return [inputs(seed + i, B, nh, T, hs) for i in range(3)]


@check(weight=2, case=dict(seed=51, B=2, nh=4, T=16, hs=8))
def flash_attention(sub, seed, B, nh, T, hs):
    q, k, v = qkv(seed, B, nh, T, hs)
    out = sub.attention(q, k, v)
    later = [t.clone() for t in (q, k, v)]
    for t in later:
        t[:, :, T // 2:] += 1.0                 # change every position after T // 2 - 1
    return {"out": out, "changed": sub.attention(*later)}


@flash_attention.judge
def equals_manual_attention(got, seed, B, nh, T, hs):
    q, k, v = qkv(seed, B, nh, T, hs)
    what = f"attention(q, k, v) for ({B}, {nh}, {T}, {hs})"
    if type(got["out"]) is torch.Tensor and type(got["changed"]) is torch.Tensor and \
            got["out"].shape == got["changed"].shape == q.shape and \
            not torch.allclose(got["changed"][:, :, :T // 2], got["out"][:, :, :T // 2], atol=1e-6):
        return failed(f"{what} is not causal: changing positions {T // 2} and later changed the output before them "
                      f"(is_causal=True)")
    return close(got["out"], manual_attention(q, k, v), what, atol=1e-5, rtol=1e-4)


SDPA = "torch.nn.functional.scaled_dot_product_attention"
INTEGER_DTYPES = {"int64", "int32", "uint16", "uint32", "uint64", "int16", "uint8", "int8"}   # torch's or numpy's


@check(source=True)
def uses_sdpa(src):
    """From the learner's file, in the grader: what ``attention`` reaches calls the fused kernel (the
    manual attention gives the same numbers, so only the source can tell)."""
    reached = src.reach(("attention",)) if src.tree is not None else []
    return {"calls": any(isinstance(n, ast.Call) and src.resolve(n.func) == SDPA
                         for top in reached for n in ast.walk(top))}


@uses_sdpa.judge
def attention_by_the_fused_kernel(got):
    if got["calls"]:
        return passed()
    return failed("attention never calls F.scaled_dot_product_attention: the manual scores, mask and softmax give the "
                  "same numbers, but the point is the fused kernel that never stores the (T, T) matrix")


def bf16_probe(sub, cfg: dict, seed: int, device: str) -> dict:
    model = filled(cfg, seed).to(device)
    idx, targets = tokens(seed + 1, 2, 16, cfg["vocab_size"]).to(device), tokens(seed + 2, 2, 16, cfg["vocab_size"]).to(device)
    try:
        logits, loss = sub.forward_bf16(model, idx, targets, device)
    except NotImplementedError:         # a RuntimeError too: the stub's, reported as such
        raise
    except RuntimeError as e:
        return {"error": error_line(e)}
    return {"dtype": str(logits.dtype).replace("torch.", ""), "logits": logits.float().cpu(), "loss": float(loss)}


def within_bf16(got, cfg, seed, device):
    """bf16 logits, within 16 unit roundoffs of the float32 result's scale (the lecture 7 rule)."""
    if "error" in got:
        hint = (": torch.autocast takes the device type, 'cuda', not 'cuda:0'"
                if "device_type" in got["error"] or "device type" in got["error"] else "")
        return failed(f"forward_bf16 on {device} raised {got['error']}{hint}")
    if got["dtype"] != "bfloat16":
        return failed(f"forward_bf16 on {device}: the logits are {got['dtype']}, not bfloat16: run the model under "
                      f"torch.autocast(device_type=..., dtype=torch.bfloat16)")
    idx, targets = tokens(seed + 1, 2, 16, cfg["vocab_size"]), tokens(seed + 2, 2, 16, cfg["vocab_size"])
    with torch.no_grad():
        logits, loss = filled(cfg, seed)(idx, targets)
    bound = 16 * UNIT_ROUNDOFF["bfloat16"] * float(logits.abs().max())
    return close(got["logits"], logits, f"forward_bf16 on {device}: logits (against float32)", atol=bound, rtol=0) & \
        close(got["loss"], float(loss), f"forward_bf16 on {device}: the loss", atol=bound, rtol=0)


@check(weight=2, case=dict(cfg=SMALL, seed=52, device="cpu"))
def bf16_cpu(sub, cfg, seed, device):
    return bf16_probe(sub, cfg, seed, device)


@check(weight=2, device="cuda", case=dict(cfg=SMALL, seed=53, device="cuda:0"))
def bf16_cuda(sub, cfg, seed, device):
    return bf16_probe(sub, cfg, seed, device)


bf16_cpu.judge(within_bf16)
bf16_cuda.judge(within_bf16)


@check(weight=2, device="cuda", case=dict(seed=54, B=2, nh=4, T=64, hs=16))
def flash_attention_cuda(sub, seed, B, nh, T, hs):
    q, k, v = (t.cuda() for t in qkv(seed, B, nh, T, hs))
    return {"out": sub.attention(q, k, v).cpu()}


@flash_attention_cuda.judge
def cuda_equals_manual_attention(got, seed, B, nh, T, hs):
    return close(got["out"], manual_attention(*qkv(seed, B, nh, T, hs)), "attention on CUDA (against the CPU)",
                 atol=2e-4, rtol=2e-4)


@check(case=dict(sizes=[(50257, 64), (50257, 128), (65, 64), (64, 64), (1, 8)]))
def padding(sub, sizes):
    return [sub.padded_vocab_size(n, multiple=m) for n, m in sizes]


@padding.judge
def next_multiple(got, sizes):
    for (n, m), g in zip(sizes, got):
        want = -(-n // m) * m
        if g != want:
            return failed(f"padded_vocab_size({n}, multiple={m}) is {g!r}, expected {want}: the smallest multiple of "
                          f"{m} that is at least {n}")
    return passed()


DOCS = ["First Citizen:\nBefore we proceed any further, hear me speak.", "", "O Romeo, Romeo! wherefore art thou Romeo?"]


@check(case=dict(docs=DOCS))
def document_tokens(sub, docs):
    """A torch tensor, or a numpy array as the lecture's shards are: its ids and its dtype's name."""
    out = sub.encode_documents(docs, encoding())
    flat = isinstance(out, torch.Tensor) and out.dim() == 1 or type(out).__name__ == "ndarray" and out.ndim == 1
    return {"type": type(out).__name__, "dtype": str(getattr(out, "dtype", "")).replace("torch.", ""),
            "ids": out.tolist() if flat else None}


@document_tokens.judge
def padded_ids_never_occur(got, docs):
    """The shard the lecture writes, computed here; a padded id (the model has outputs for them, the
    tokenizer makes none) or a wrapped one gets its own line, since that is the mistake to learn."""
    what = f"encode_documents({len(docs)} documents)"
    ids = got["ids"]
    if type(ids) is not list:
        return failed(f"{what} returned a {got['type']}, expected a 1-D tensor of token ids")
    if got["dtype"] not in INTEGER_DTYPES or not all(type(i) is int for i in ids):
        return failed(f"{what} returned a tensor of {got['dtype']}: token ids are integers")
    enc = encoding()
    want = [i for doc in docs for i in (enc.eot_token, *enc.encode_ordinary(doc))]
    padded = [(at, i) for at, i in enumerate(ids) if i >= enc.n_vocab]
    if padded:
        at, i = padded[0]
        return failed(f"{what}: id {i} at position {at} is a padded id: the tokenizer's ids are 0..{enc.n_vocab - 1} "
                      f"and the model's extra outputs must never be inputs or targets (the end-of-text token is "
                      f"enc.eot_token, {enc.eot_token}; enc.n_vocab is a count, not an id)")
    if any(i < 0 for i in ids):
        return failed(f"{what}: negative ids, so ids above 32767 wrapped: int16 cannot hold GPT-2's ids; store "
                      f"uint16 (the lecture's shards) or int64")
    if ids != want:
        at = next((k for k, (g, w) in enumerate(zip(ids, want)) if g != w), min(len(ids), len(want)))
        counts = "" if len(ids) == len(want) else f"{len(ids)} ids, expected {len(want)}; "
        return failed(f"{what}: {counts}the first difference is at position {at} "
                      f"({ids[at] if at < len(ids) else 'no id'} where the shard has "
                      f"{want[at] if at < len(want) else 'no id'}): before each document the end-of-text token "
                      f"{enc.eot_token}, then enc.encode_ordinary(doc)")
    return passed()
