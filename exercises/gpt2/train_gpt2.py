"""Let's reproduce GPT-2 (124M): the training loop's parts, as in build-nanogpt's train_gpt2.py.

Run it as one process (``python train_gpt2.py``) or data-parallel on N processes
(``torchrun --standalone --nproc_per_node=N train_gpt2.py``): torchrun starts N copies and
tells each its place through the environment (``RANK``, ``LOCAL_RANK``, ``WORLD_SIZE``).
"""
import math
import os

import torch
import torch.distributed as dist


def get_lr(it, max_lr=6e-4, min_lr=6e-5, warmup_steps=10, max_steps=50):
    """The learning rate of step ``it``: a linear warmup from near 0 to ``max_lr`` over the first
    ``warmup_steps`` steps (``max_lr * (it + 1) / warmup_steps``), then a cosine decay from
    ``max_lr`` at ``it == warmup_steps`` to ``min_lr`` at ``it == max_steps``, and ``min_lr``
    after that."""
    raise NotImplementedError


class DataLoaderLite:
    """Batches of a 1-D tensor of token ids, in order, for process ``process_rank`` of
    ``num_processes``. ``next_batch()`` returns (x, y), each (B, T): B * T consecutive tokens as
    B rows of T, and ``y`` the same positions one token later (the targets). Each step, the
    processes read disjoint, adjacent slices: rank r starts ``B * T * r`` tokens into the step's
    ``B * T * num_processes``; when the next step's slices would run past the end of ``tokens``
    (a batch needs one token more than it shows, for the last target), every rank starts again
    from the beginning."""

    def __init__(self, tokens, B, T, process_rank=0, num_processes=1):
        self.tokens = tokens
        self.B, self.T = B, T
        self.process_rank = process_rank
        self.num_processes = num_processes
        raise NotImplementedError

    def next_batch(self):
        raise NotImplementedError


def train_step(model, optimizer, train_loader, grad_accum_steps, ddp=False):
    """One optimisation step over ``grad_accum_steps`` micro-batches of ``train_loader``.

    Gradients add up over the micro-steps, so each micro-batch's loss is divided by
    ``grad_accum_steps``: the step's gradient is then the mean over all the step's tokens, as
    if they had been one batch. The gradient's total norm is clipped to 1.0 before
    ``optimizer.step()``. Returns (loss, norm): the mean loss over the micro-batches (a
    0-dim tensor, detached) and the norm *before* clipping (what ``clip_grad_norm_`` returns).

    With ``ddp=True``, ``model`` is wrapped in ``DistributedDataParallel``: its backward
    all-reduces (averages) the gradients over the processes, which is only needed once per
    step, after the last micro-batch. So ``model.require_backward_grad_sync`` is set, before
    each micro-step's forward (that is where DDP reads it), to whether it is the last one.
    The returned loss is then averaged over the processes too.
    """
    raise NotImplementedError


def setup_ddp(backend="nccl"):
    """(ddp, rank, local_rank, world_size, device): under torchrun (``RANK`` is set) join the
    process group with ``backend`` ("nccl" on GPUs, "gloo" on CPUs) and read this process's
    place from ``RANK``, ``LOCAL_RANK`` and ``WORLD_SIZE``; its device is ``cuda:<LOCAL_RANK>``
    for nccl (made current) and "cpu" for gloo. Otherwise one process: (False, 0, 0, 1, "cpu")."""
    raise NotImplementedError
