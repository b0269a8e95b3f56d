"""The grader's side of a sandboxed run, and what the run's messages mean.

A run asks a zygote for a fork, sends it the learner's files (read here, from the
submission folder), the datasets its exercise declares and the source of this exercise's
hidden checks, then reads one message per check from the child's pipe, in order, each
within its time. Anything else — a message for another check, garbage, silence, an early
exit — ends the run as that check's error; it never becomes points.
"""
from __future__ import annotations

import dataclasses
import json
import os
import select
import socket
import sys
import tempfile
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, Callable

from grader.sandbox import confine
from grader.sandbox.child import seconds
from grader.sandbox.codec import MAX_RESULT_BYTES, dump_plain, load_plain
from grader.sandbox.zygotes import Zygote, zygote_for
from grader.text import printable

OUTPUT_TAIL = 2000               # characters of the learner's output kept in the report
ALARM_GRACE_S = 2.0              # after the child's own alarm, the parent's kill
MAX_SUBMISSION_BYTES = 32 << 20  # the files of one lecture folder, sent to the child


@dataclass(frozen=True)
class Job:
    """One sandboxed run: import ``module`` from ``folder`` and probe it with ``checks``."""
    folder: str                     # the lecture folder, here in the grader's file system
    module: str
    checks: tuple[str, ...]
    timeout: float                  # wall seconds for each check (the first includes the import)
    memory_mb: int
    threads: int = 1
    device: str = "cpu"
    datasets: tuple[tuple[str, str], ...] = ()     # (name, located path)
    checks_package: str = "grader.checks"
    checks_root: str = ""           # the course folder, where that package lives
    role: str = "learner"           # or "reference": solutions/ run in a zygote of their own
    env: tuple[tuple[str, str], ...] = ()          # set before the import (course.yaml's env:)


@dataclass
class Outcome:
    """What one probe produced: plain ``data``, or an ``error`` kind and a message for the learner."""
    check: str
    data: Any = None
    error: str = ""            # "", not_implemented, exception, import, timeout, crash, not_plain
                               # (and from the engine: missing, refused, reference, source)
    message: str = ""
    traceback: str = ""
    duration_s: float = 0.0
    frames: tuple[tuple[str, int], ...] = ()   # (file, line) of the learner's code that message and traceback name
    importing: bool = False    # the failure happened while the learner's module was imported, before any probe


@dataclass
class Run:
    outcomes: list[Outcome]
    output: str = ""
    isolation: str = ""        # "" when fully isolated, else why not


# --------------------------------------------------------------------------- runs

def run(job: Job, watch: Callable[[str, str], None] | None = None) -> Run:
    """Run every check of ``job``; a timeout or crash costs only the check it happened in.

    After a timeout or a crash the next checks run in a fresh child, one that is told which
    of the learner's functions timed out (``hung``) and fails the checks that call them again.
    A check that is given its data by the grader runs alone, so no other check's data meets it.
    ``watch(event, value)`` hears of the run as it goes, for a progress display: ``("check", id)``
    when a check starts, ``("output", text)`` as the learner's code prints (a few times a second),
    ``("done", "")`` at the end.
    """
    from grader.check import load_checks

    registry = load_checks(job.checks_package, job.checks_root)
    checks = [registry[c] for c in job.checks]
    try:
        files = _files(Path(job.folder))
    except ValueError as e:
        return Run(outcomes=[Outcome(c, error="crash", message=str(e)) for c in job.checks])
    given = {c.id for c in checks if c.given is not None}
    warm = job.role == "reference" or not given
    z = zygote_for(job.checks_package, job.checks_root, job.role, warm)
    request = {"job": job, "hung": [], "files": files, "hidden": _hidden_sources(checks),
               "datasets": _datasets(job, z) if warm else {},
               "given": {c.id: dump_plain(c.given()) for c in checks if c.id in given}}
    result = Run(outcomes=[])
    with tempfile.TemporaryDirectory(prefix="coursekit-") as tmp:
        os.chmod(tmp, 0o711)      # without namespaces a child as nobody reaches its folder below (never lists it)
        output = Path(tmp) / "output.txt"
        pending = list(job.checks)
        while pending:
            batch = pending[:1] if pending[0] in given else _prefix(pending, lambda c: c not in given)
            fallback = tempfile.mkdtemp(dir=tmp)
            done = _run_child(z, {**request, "checks": batch, "fallback_dir": fallback}, job, output, result,
                              watch)
            result.outcomes += done
            pending = pending[len(done):]
        result.output = _tail(output)
    if watch:
        watch("done", "")
    result.isolation = "; ".join(filter(None, [z.isolation, result.isolation]))   # the zygote's, and a child's
    return result


def _prefix(items: list, keep) -> list:
    out = []
    for item in items:
        if not keep(item):
            break
        out.append(item)
    return out


def _files(folder: Path) -> dict[str, bytes]:
    """The learner's lecture folder as data: every file below it (no link that leads outside it)."""
    files, total = {}, 0
    if not folder.is_dir():
        return files
    base = folder.resolve()
    for path in sorted(folder.rglob("*")):
        if "__pycache__" in path.parts or not path.is_file() or not path.resolve().is_relative_to(base):
            continue
        total += path.stat().st_size
        if total > MAX_SUBMISSION_BYTES:
            raise ValueError(f"the lecture folder holds more than {MAX_SUBMISSION_BYTES >> 20} MB of files; "
                             f"nothing in it was run")
        files[str(path.relative_to(folder))] = path.read_bytes()
    return files


def _hidden_sources(checks) -> list[tuple[str, str, str]]:
    """The source of the hidden check modules this run needs, each after the packages it sits in
    (a lecture's shared hidden constants): the zygote's view masks every hidden folder."""
    names: list[str] = []
    for module in sorted({c.module for c in checks if c.hidden}):
        parts = module.split(".")
        start = parts.index("hidden") + 1
        for i in range(start + 1, len(parts) + 1):          # grader.checks.hidden.lecture3, then …E01
            if ".".join(parts[:i]) not in names:
                names.append(".".join(parts[:i]))
    return [(name, sys.modules[name].__file__, Path(sys.modules[name].__file__).read_text()) for name in names]


def _datasets(job: Job, z: Zygote) -> dict[str, str | bytes]:
    """Each dataset the exercise declares: its path in the zygote's view, or its bytes if not there."""
    return {name: z.view[name] if name in z.view else Path(path).read_bytes() for name, path in job.datasets}


def _run_child(z: Zygote, request: dict, job: Job, output: Path, result: Run,
               watch: Callable[[str, str], None] | None) -> list[Outcome]:
    pending = request["checks"]
    tick = _printed(output, watch) if watch else None
    reader_fd, writer_fd = os.pipe()
    out_fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    try:
        status = z.fork(request, writer_fd, out_fd)
    except (OSError, RuntimeError) as e:
        os.close(reader_fd)
        return [Outcome(c, error="crash", message=f"the sandbox could not run this check ({e})") for c in pending]
    finally:
        os.close(writer_fd)
        os.close(out_fd)
    reader = Connection(reader_fd, writable=False)
    done: list[Outcome] = []
    started = time.monotonic()
    try:
        if watch:
            watch("check", pending[0])
        header, _ = _receive(reader, job.timeout + ALARM_GRACE_S, tick)
        if header is None or header.get("kind") != "ready":
            return [dataclasses.replace(_failure(status, header, c, "importing your module",
                                                 time.monotonic() - started), importing=True) for c in pending]
        result.isolation = result.isolation or printable(str(header.get("isolation", "")), 300)
        imported = float(header["import_s"]) if isinstance(header.get("import_s"), (int, float)) else 0.0
        for i, check_id in enumerate(pending):
            allowed = job.timeout - imported if i == 0 else job.timeout
            begun = time.monotonic()
            if watch and i:
                watch("check", check_id)
            header, payload = _receive(reader, max(allowed, 0.0) + ALARM_GRACE_S, tick)
            if tick:
                tick()                      # what the check printed before it answered
            if header is None or header.get("kind") != "result" or header.get("check") != check_id:
                took = time.monotonic() - begun + (imported if i == 0 else 0.0)
                done.append(_failure(status, header, check_id, "running this check", took))
                return done
            done.append(_outcome(check_id, header, payload))
            if header.get("error") == "timeout" and header.get("restart"):     # the child's state is suspect
                if isinstance(header.get("hung"), str) and ":" in header["hung"]:      # "bigram:nll"
                    request["hung"].append(header["hung"])
                return done
        return done
    finally:
        _end(status)
        reader.close()


def _printed(output: Path, watch: Callable[[str, str], None]) -> Callable[[], None]:
    """A function that hands ``watch`` what the child printed since it was last called."""
    seen = output.stat().st_size if output.exists() else 0

    def tick() -> None:
        nonlocal seen
        try:
            with open(output, "rb") as f:
                f.seek(seen)
                new = f.read(1 << 16)
        except OSError:
            return
        if new:
            seen += len(new)
            watch("output", new.decode("utf-8", "replace"))
    return tick


def _receive(reader: Connection, timeout: float, tick: Callable[[], None] | None = None) -> tuple[dict | None, bytes]:
    """One message from the child, or (None, b"") if it timed out or went away; ``tick`` is called
    every quarter second while waiting."""
    try:
        deadline = time.monotonic() + timeout
        while not reader.poll(max(0.0, min(deadline - time.monotonic(), 0.25 if tick else timeout))):
            if time.monotonic() >= deadline:
                return None, b""
            if tick:
                tick()
        message = reader.recv_bytes(MAX_RESULT_BYTES + 65536)
    except OSError as e:
        if "bad message length" in str(e):     # the child sent more than any result may be
            return {"kind": "too_large"}, b""
        return None, b""
    except EOFError:
        return None, b""
    head, _, payload = message.partition(b"\n")
    try:
        header = json.loads(head)
    except ValueError:
        return {"kind": "garbled"}, b""
    return (header if isinstance(header, dict) else {"kind": "garbled"}), payload


def _outcome(check_id: str, header: dict, payload: bytes) -> Outcome:
    duration = float(header["duration_s"]) if isinstance(header.get("duration_s"), (int, float)) else 0.0
    if header.get("error"):
        return Outcome(check_id, error=str(header["error"])[:40], message=str(header.get("message", ""))[:2000],
                       traceback=str(header.get("traceback", ""))[-4000:], duration_s=duration,
                       frames=_frames(header))
    try:
        data = load_plain(payload)
    except ValueError as e:
        return Outcome(check_id, error="not_plain", message=str(e), duration_s=duration)
    return Outcome(check_id, data=data, duration_s=duration)


def _frames(header: dict) -> tuple[tuple[str, int], ...]:
    """The child's (file, line) pairs, kept only where each is a short name and a line number:
    the child runs the learner's code, so the header may hold anything."""
    raw = header.get("frames")
    if not isinstance(raw, list):
        return ()
    return tuple((f, n) for f, n in (p for p in raw[-32:] if isinstance(p, list) and len(p) == 2)
                 if isinstance(f, str) and len(f) <= 255 and type(n) is int and 0 < n < 1 << 31)


def _exit_code(status: socket.socket, wait: float) -> int | None:
    """How the child ended, as the zygote saw it; None if it is still running after ``wait`` s."""
    try:
        ready, _, _ = select.select([status], [], [], wait)
        body = status.recv(256) if ready else b""
        code = json.loads(body).get("exit") if body else None
    except (OSError, ValueError, AttributeError):
        return None
    return code if isinstance(code, int) else None


def _end(status: socket.socket) -> None:
    """Have the zygote end the child and all it started, and wait until it has (a moment at most)."""
    try:
        status.sendall(b"k")
        _exit_code(status, 2.0)
    except OSError:               # it had ended already, and the zygote closed the socket
        pass
    status.close()


def _failure(status: socket.socket, header: dict | None, check_id: str, doing: str, took: float) -> Outcome:
    """Explain why the child stopped answering: a timeout, a crash, an early exit, or import errors."""
    if header is not None and header.get("kind") == "import_error":
        return Outcome(check_id, error=str(header.get("error", "import"))[:40],
                       message=str(header.get("message", ""))[:2000],
                       traceback=str(header.get("traceback", ""))[-4000:], frames=_frames(header))
    if header is not None and header.get("kind") == "too_large":
        return Outcome(check_id, error="not_plain",
                       message=f"the result is larger than {MAX_RESULT_BYTES >> 20} MB, the limit for one check")
    if header is not None:
        return Outcome(check_id, error="crash", message=f"your code interfered with the grader while {doing}")
    code = _exit_code(status, 0.5)
    if code is None:
        return Outcome(check_id, error="timeout", duration_s=took,
                       message=f"did not stop at its time limit; killed after {seconds(took)} while {doing} "
                               f"(an endless loop that blocks the alarm?)")
    if code < 0:
        import signal

        name = signal.Signals(-code).name
        why = {"SIGSEGV": "crashed with a segmentation fault (memory read or written out of bounds?)",
               "SIGKILL": "was killed (out of memory?)", "SIGXCPU": "used up its CPU time",
               "SIGABRT": "aborted (the C library found memory corrupted: a write past the end of a tensor?)",
               "SIGXFSZ": f"wrote a file over {confine.MAX_FILE_BYTES >> 20} MB"}.get(name, f"was killed by {name}")
        return Outcome(check_id, error="crash", message=f"the process {why} while {doing}")
    return Outcome(check_id, error="crash",
                   message=f"the process exited with status {code} while {doing} (sys.exit or os._exit "
                           f"in your code?); nothing was graded for it")


def _tail(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(max(0, path.stat().st_size - OUTPUT_TAIL))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""
