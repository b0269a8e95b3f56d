"""The public checks of lecture7.EX1."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture7 import (
    ATOL, RTOL, checks, device_probe, fused_probe, fused_setup, judge_autocast, judge_causal, judge_device, judge_fused,
    judge_fused_grads, per_head_attention,
)
from grader.judge import close, failed, passed
from grader.source import clean, report


def stray_tensors_probe(sub, seed: int) -> dict:
    """Tensors kept as plain attributes of the module or its sub-modules (not parameters or
    buffers): ``.to(device)`` leaves them behind, so a mask kept that way fails on CUDA.
    (0-dim tensors are left out: torch lets a CPU scalar meet CUDA tensors.)"""
    m = fused_setup(sub, 32, 4, 16, seed)
    stray = [f"{prefix + '.' if prefix else ''}{name}" for prefix, module in m.named_modules()
             for name, value in vars(module).items() if isinstance(value, torch.Tensor) and value.dim() > 0]
    return {"stray": stray}


HEAD_LOOP_HINT = ("make the heads a batch dimension, (B, n_head, T, head_size), and attend for all of them with "
                  "one batched matmul")


def fused_matches_per_head(got, want, n_embd, n_head, block_size, seed, B):
    """Against the reference and against per-head attention computed here from the probe's weights."""
    what = f"CausalSelfAttention({n_embd}, {n_head})"
    truth = per_head_attention(seed, n_embd, n_head, block_size, B)
    return close(got["out"], truth, f"{what} against per-head attention", atol=ATOL, rtol=RTOL) & \
        judge_fused(got, want, what) & judge_causal(got["causal"], what)


def gradients_match_reference(got, want, n_embd, n_head):
    return judge_fused_grads(got, want, f"CausalSelfAttention({n_embd}, {n_head})")


checks(fused_probe, fused_matches_per_head,
       matches_multihead=dict(weight=3, n_embd=32, n_head=4, block_size=16, seed=51, B=2, short=5),
       matches_multihead_other_sizes=dict(weight=2, n_embd=40, n_head=5, block_size=10, seed=54, B=3, short=1,
                                          ts=(0, 6)))
checks(fused_probe, gradients_match_reference, gradients=dict(weight=2, n_embd=32, n_head=4, block_size=16, seed=52,
                                                              B=2, short=4))


@check()
def causal(sub):
    return fused_probe(sub, 32, 4, 16, seed=53, B=2, short=2, ts=(0, 3, 10))


@causal.judge
def no_position_sees_the_future(got):
    return judge_causal(got["causal"], "CausalSelfAttention")


@check(weight=2, source=True)
def no_head_loop(src):
    """From the learner's file, in the grader: CausalSelfAttention.forward (and what it reaches) has no
    Python loop, and the file reaches nothing by a computed name."""
    return report(src, src.loops(("CausalSelfAttention.forward",), HEAD_LOOP_HINT), src.dynamic())


@no_head_loop.judge
def no_loop_over_heads(got):
    return clean(got)

@check()
def mask_is_a_buffer(sub):
    return stray_tensors_probe(sub, seed=55)


@mask_is_a_buffer.judge
def no_plain_tensor_attributes(got):
    if got["stray"]:
        name = got["stray"][0]
        return failed(f"self.{name} is a plain tensor attribute, so .to(device) leaves it on the CPU and "
                      f"the module fails on CUDA: register it with self.register_buffer('{name}', ...)")
    return passed()


@check(weight=2, device="cuda")
def cuda_matches_cpu(sub):
    return device_probe(sub, "cuda", None, seed=56)


@cuda_matches_cpu.judge
def cuda_matches_cpu_result(got, want):
    return judge_device(got, want, "cuda")


@check(device="cuda")
def cuda_autocast_bf16(sub):
    return device_probe(sub, "cuda", torch.bfloat16, seed=57)


@cuda_autocast_bf16.judge
def bf16_within_tolerance(got, want):
    return judge_autocast(got, want, "bfloat16", "cuda")


@check(device="cuda")
def cuda_autocast_fp16(sub):
    return device_probe(sub, "cuda", torch.float16, seed=58)


@cuda_autocast_fp16.judge
def fp16_within_tolerance(got, want):
    return judge_autocast(got, want, "float16", "cuda")
