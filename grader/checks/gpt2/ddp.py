"""The public checks of gpt2.ddp: the learner's ``setup_ddp`` and ``train_step(..., ddp=True)`` run by
``torchrun --standalone --nproc_per_node=2`` inside the sandbox (gloo, over the loopback of the
fork's own network namespace), on the grader's GPT and batches (:func:`ddp_worker`). Judged here
against one process on the same global batch: after each step both ranks must hold the same
clipped gradients, those of the whole batch. The clipped gradients don't show a missing
``/ grad_accum_steps`` (both norms are above 1: clipping rescales either to norm 1), so that
mistake costs the grad_accum exercise only; the loss and the norm must agree between ranks."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile

import torch

from grader.check import check
from grader.checks.gpt2 import DDP_LR, SMALL, WORKER, global_batches, judge_grads, sgd_steps
from grader.judge import failed, passed

TORCHRUN_TIMEOUT = 60
# torchrun --standalone, spelled out with an address: the sandbox has no /etc/hosts, so
# "localhost" and the host's own name don't resolve there, while 127.0.0.1 is the loopback.
STANDALONE = ("--nnodes=1", "--rdzv-backend=c10d", "--rdzv-endpoint=127.0.0.1:0", "--local-addr=127.0.0.1")
SYNC_HINT = ("set model.require_backward_grad_sync = (micro_step == grad_accum_steps - 1) before each micro-step's "
             "forward (DDP reads it there), so that the last backward all-reduces")


@check(weight=3, case=dict(cfg=SMALL, seed=41, A=2, B=2, T=8, steps=2))
def two_processes(sub, cfg, seed, A, B, T, steps):
    out = tempfile.mkdtemp()
    spec = json.dumps(dict(folder=os.path.dirname(sub.__file__), module=sub.__name__, out=out, cfg=cfg, seed=seed,
                           A=A, B=B, T=T, steps=steps))
    env = dict(os.environ, OMP_NUM_THREADS="1", GLOO_SOCKET_IFNAME="lo",
               PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    try:
        run = subprocess.run([sys.executable, "-m", "torch.distributed.run", *STANDALONE, "--nproc_per_node=2",
                              "--no-python", sys.executable, "-c", WORKER, spec],
                             env=env, capture_output=True, text=True, timeout=TORCHRUN_TIMEOUT)
        rc, log = run.returncode, run.stdout + run.stderr
    except subprocess.TimeoutExpired as e:     # a worker waiting for a sync that never comes, say
        rc, log = "timeout", f"{e.stdout or ''}{e.stderr or ''}\nTimeoutError: torchrun ran past {TORCHRUN_TIMEOUT} s"
    ranks = [torch.load(os.path.join(out, f"rank{r}.pt"), weights_only=True)
             if os.path.exists(os.path.join(out, f"rank{r}.pt")) else None for r in range(2)]
    return {"ranks": ranks, "rc": rc, "log": log[-1500:]}


def errors_of(log: str) -> str:
    """The last line of a traceback torchrun passed on (the worker's error), or the log's last line."""
    lines = [l.strip() for l in log.splitlines() if l.strip()]
    found = [l for l in lines if "Error" in l.split(":")[0]]
    return (found or lines or ["no output"])[-1][:300]


@two_processes.judge
def ranks_agree_with_one_process(got, cfg, seed, A, B, T, steps):
    what = f"torchrun --nproc_per_node=2, grad_accum_steps={A}"
    if any(r is None for r in got["ranks"]):
        return failed(f"{what}: a worker failed (exit status {got['rc']}): {errors_of(got['log'])}")
    r0, r1 = got["ranks"]
    if [r0["returned"][0], r0["returned"][2]] != [True, 2] or sorted([r0["returned"][1], r1["returned"][1]]) != [0, 1]:
        return failed(f"{what}: setup_ddp returned (ddp, rank, world_size) = {tuple(r0['returned'])} and "
                      f"{tuple(r1['returned'])}; read them from RANK and WORLD_SIZE")
    want = sgd_steps(cfg, seed, global_batches(seed + 1, steps, A, 2, B, T, cfg["vocab_size"]), DDP_LR)
    for s, w in enumerate(want):
        g0, g1 = r0["steps"][s], r1["steps"][s]
        at = f"{what}, step {s}"
        if any(not torch.allclose(g0["grads"][n], g1["grads"][n], atol=1e-6, rtol=1e-4) for n in g0["grads"]):
            return failed(f"{at}: the two ranks hold different gradients after train_step: {SYNC_HINT}")
        if abs(g0["loss"] - g1["loss"]) > 1e-6 * max(1.0, abs(g0["loss"])):
            return failed(f"{at}: the ranks return different losses ({g0['loss']:.5g}, {g1['loss']:.5g}): average "
                          f"it over the processes (dist.all_reduce with SUM, then divide by the world size: gloo "
                          f"has no AVG)")
        v = judge_grads(g0["grads"], w["grads"], f"{at} (against one process on the whole batch)")
        if not v:
            return v
    return passed()
