"""The public checks of gpt2.dataloader: ``DataLoaderLite`` over the tokens 0, 1, 2, …, N - 1, so
that every value the loader returns is its own position and the judge reads off where each
rank's batch starts, whether y is x shifted by one, and whether the ranks' slices overlap."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.common import error_line
from grader.judge import failed, passed


@check(weight=2, case=dict(B=2, T=4, P=1, N=48, steps=12))
def one_process(sub, B, T, P, N, steps):
    return loader_probe(sub, B, T, P, N, steps)


@check(weight=2, case=dict(B=2, T=3, P=2, N=61, steps=12))
def two_ranks(sub, B, T, P, N, steps):
    return loader_probe(sub, B, T, P, N, steps)


def loader_probe(sub, B, T, P, N, steps) -> list:
    """Per rank: the (x, y) of each step, or where and how next_batch raised."""
    out = []
    for rank in range(P):
        loader = sub.DataLoaderLite(torch.arange(N), B, T, process_rank=rank, num_processes=P)
        served = []
        for step in range(steps):
            try:
                served.append(list(loader.next_batch()))
            except NotImplementedError:
                raise
            except Exception as e:
                served.append(error_line(e, 200))
                break
        out.append(served)
    return out


def lane_problem(start: int, prev: int | None, rank: int, step: int, B: int, T: int, P: int, N: int) -> str:
    """What is wrong with rank ``rank`` starting its batch of step ``step`` at token ``start`` (after
    ``prev``), or ''. Rank r reads only its own slices, B*T*r + k*B*T*P (so the ranks never overlap),
    moves on by B*T*P each step, and starts again at B*T*r when what follows would not fit: the
    lecture wraps once the next step's B*T*P + 1 tokens would run past the end, and a loader that
    waits until its own slice would not fit is right too."""
    first, stride = B * T * rank, B * T * P
    if (start - first) % stride or start < first:
        owner = (start // (B * T)) % P
        return (f"at step {step} rank {rank} reads from token {start}, "
                + (f"which is rank {owner}'s slice" if P > 1 else f"not a multiple of B * T = {B * T}")
                + ": rank r starts B * T * r tokens in, and every rank moves on by B * T * num_processes")
    if prev is None:
        return "" if start == first else f"rank {rank}'s first batch starts at token {start}, expected {first}"
    if start == prev + stride:
        return ""
    if start == first and prev + stride + stride + 1 > N:
        return ""
    if start == first:
        return (f"at step {step} rank {rank} starts again from the beginning although its next slice, from token "
                f"{prev + stride}, still fits in the {N} tokens")
    return f"at step {step} rank {rank}'s batch starts at token {start}, expected {prev + stride} (after {prev})"


def batches_as_in_the_lecture(got, B, T, P, N, steps):
    what = f"DataLoaderLite(tokens of length {N}, B={B}, T={T}, process_rank=r, num_processes={P})"
    for rank, served in enumerate(got):
        prev = None
        for step, xy in enumerate(served):
            if isinstance(xy, str):
                return failed(f"{what}: next_batch raised {xy} at step {step} of rank {rank}: a batch needs B * T + 1 "
                              f"tokens; start again from the beginning before a slice would run past the end")
            x, y = xy
            if type(x) is not torch.Tensor or type(y) is not torch.Tensor or x.shape != (B, T) or y.shape != (B, T):
                return failed(f"{what}: next_batch should return (x, y), each a tensor of shape ({B}, {T})")
            d = y - x
            if not torch.all(d == 1):
                return failed(f"{what}: the targets are not the next tokens: where x holds tokens[i], y holds "
                              f"tokens[i + {int(d.flatten()[0])}]; y is x shifted by one (x = buf[:-1], y = buf[1:])")
            if not torch.equal(x.flatten(), x.flatten()[0] + torch.arange(B * T)):
                return failed(f"{what}: x is not B * T consecutive tokens (as B rows of T)")
            start = int(x[0, 0])
            problem = lane_problem(start, prev, rank, step, B, T, P, N)
            if problem:
                return failed(f"{what}: {problem}")
            prev = start
    return passed()


one_process.judge(batches_as_in_the_lecture)
two_ranks.judge(batches_as_in_the_lecture)
