"""The zygote: a warm process that forks one confined child per sandboxed run.

It is started by :mod:`grader.sandbox.parent` (inside bubblewrap's view where possible)
with one end of a socket pair as its only link to the grader. It imports torch, numpy
and the course's public checks once, then serves fork requests: each arrives as a
pickled request (from the grader, which the zygote trusts) with three file descriptors —
the pipe the child writes its results to, the file its output goes to, and a status
socket. The zygote forks, and reports on the status socket how the child ended; when the
grader closes that socket, or writes to it, the zygote kills the child and all it started.

Learner code never runs here: only in the forks, after :func:`grader.sandbox.child.main`
has put them in namespaces of their own. Nothing here may touch CUDA (a CUDA context does
not survive a fork) or start a thread: forks of a process with running threads are unsafe.
"""
from __future__ import annotations

import json
import os
import pickle
import select
import signal
import socket
import struct
import sys

from grader.sandbox import confine

HEADER = struct.Struct("!Q")


def read_frame(sock: socket.socket, with_fds: int = 0) -> tuple[bytes | None, list[int]]:
    """One length-prefixed frame (and any file descriptors sent with its first bytes)."""
    first, fds, _, _ = socket.recv_fds(sock, HEADER.size, with_fds) if with_fds else (sock.recv(HEADER.size), [], 0, 0)
    if not first:
        return None, fds
    while len(first) < HEADER.size:
        more = sock.recv(HEADER.size - len(first))
        if not more:
            return None, fds
        first += more
    (size,) = HEADER.unpack(first)
    chunks, left = [], size
    while left:
        chunk = sock.recv(min(left, 1 << 20))
        if not chunk:
            return None, fds
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks), fds


def send_frame(sock: socket.socket, body: bytes, fds: list[int] = ()) -> None:
    head = HEADER.pack(len(body))
    if fds:
        socket.send_fds(sock, [head], list(fds))
    else:
        sock.sendall(head)
    sock.sendall(body)


def warm(package: str, root: str, datasets: dict[str, str]) -> None:
    """Import the public checks and let each module memoise its dataset helpers, once."""
    from grader import data
    from grader.check import load_checks

    load_checks(package, root)
    data._located.update(datasets)
    try:
        for module in list(sys.modules.values()):
            if getattr(module, "__name__", "").startswith(package + ".") and callable(getattr(module, "warm", None)):
                try:
                    module.warm()
                except Exception:      # a helper that cannot warm up computes in the fork instead
                    pass
    finally:
        data._located.clear()         # each child gets exactly the datasets its exercise declares


def main(fd: int, confined: bool) -> None:
    if confined:                      # only inside bubblewrap's view: its mounts are its own
        confine.drop_root()
    confine.not_dumpable()
    control = socket.socket(fileno=fd)
    body, _ = read_frame(control)
    start = pickle.loads(body)
    sys.path.append(start["root"])

    import numpy  # noqa: F401  (every fork's seed() uses it)
    import torch

    torch.set_num_threads(1)          # no intra-op pool before the forks; children set their own
    try:
        warm(start["package"], start["root"], start["datasets"])
    except Exception:                 # the children meet the same error loading the checks, and report it
        pass
    send_frame(control, json.dumps({"kind": "ready"}).encode())
    serve(control, confined)


_WAKE: list[int] = []        # the pipe SIGCHLD writes to; no fork keeps it


def serve(control: socket.socket, confined: bool) -> None:
    children: dict[int, tuple[socket.socket, list[int]]] = {}     # pid -> (status socket, pids to kill)
    ending: set[int] = set()                                      # killed, not yet reaped
    wake_r, wake_w = _WAKE[:] = os.pipe()                         # a child's end wakes select() at once
    os.set_blocking(wake_w, False)
    signal.set_wakeup_fd(wake_w)
    signal.signal(signal.SIGCHLD, lambda *_: None)
    while True:
        watched = [control, wake_r] + [s for p, (s, _) in children.items() if p not in ending]
        ready, _, _ = select.select(watched, [], [], 0.5)
        for sock in ready:
            if sock is wake_r:
                os.read(wake_r, 4096)
            elif sock is control:
                body, fds = read_frame(control, with_fds=3)
                if body is None:
                    for _, pids in children.values():
                        _kill(pids)
                    os._exit(0)
                pid, pids = _fork(body, fds, control, children, confined)
                status = socket.socket(fileno=fds[2])
                children[pid] = (status, pids)
            else:
                pid = next(p for p, (s, _) in children.items() if s is sock)
                _kill(children[pid][1])           # the grader wrote or hung up: end this run now
                ending.add(pid)
        _reap(children)
        ending &= set(children)


def _fork(body: bytes, fds: list[int], control: socket.socket,
          children: dict[int, tuple[socket.socket, list[int]]], confined: bool) -> tuple[int, list[int]]:
    """Fork the child for one request; returns its pid and the pids that end it when killed."""
    writer, output, status = fds
    report_r, report_w = os.pipe()
    pid = os.fork()
    if pid == 0:
        try:
            control.close()
            os.close(status)
            os.close(report_r)
            signal.set_wakeup_fd(-1)
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            for fd in _WAKE:
                os.close(fd)
            for sock, _ in children.values():
                sock.close()
            from grader.sandbox import child
            child.main(pickle.loads(body), writer, output, report_w, confined)
        finally:
            os._exit(70)
    os.close(writer)
    os.close(output)
    os.close(report_w)
    pids = [pid]
    with os.fdopen(report_r, "rb") as report:   # the child's PID 1, once its namespaces exist
        got = report.read(8)
    if len(got) == 8:
        pids.insert(0, struct.unpack("!q", got)[0])
    return pid, pids


def _kill(pids: list[int]) -> None:
    """Kill the namespace's PID 1 first: the kernel then ends every process in it. Without
    namespaces, the child's process group (it leads its own session) goes with it."""
    for pid in pids:
        try:
            os.kill(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    try:
        os.killpg(pids[-1], signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _reap(children: dict[int, tuple[socket.socket, list[int]]]) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        if pid not in children:
            continue
        sock, _ = children.pop(pid)
        try:
            sock.sendall(json.dumps({"exit": os.waitstatus_to_exitcode(status)}).encode())
        except OSError:
            pass
        sock.close()

