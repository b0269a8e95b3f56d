"""The child: one sandboxed run, in a fork of the zygote.

Before any learner code exists in it, the child enters namespaces of its own
(:mod:`grader.sandbox.confine`), writes the learner's files — sent by the grader as data —
to its private tmpfs, makes them read-only, defines the hidden checks of this one
exercise from their source, and drops every capability. Then it imports the learner's
module and runs the probes, each under an alarm: at the timeout the learner's code is
interrupted where it is, the report names the function and line, and a function that
never returned is not called again by the exercise's later checks. Importing counts
against the first check's time. Each result goes to the grader as a JSON header plus a
``torch.save`` payload of plain data; learner code that blocks the alarm is killed by the
grader a moment later.
"""
from __future__ import annotations

import errno
import importlib
import json
import os
import random
import signal
import struct
import sys
import tempfile
import time
import traceback
import types
from multiprocessing.connection import Connection
from pathlib import Path

from grader.sandbox import confine
from grader.sandbox.codec import NotPlainData, dump_plain, load_plain, to_plain
from grader.text import capped

FRAMES = 32          # the learner's frames an error reports as data (the innermost ones)

# The optional extras of pyproject.toml that an exercise's code imports: a learner without one is
# told in one line how to install it, not shown a ModuleNotFoundError.
EXTRAS = {"triton": "kernels"}

IMPORT_CPU_S = 30                # CPU seconds on top of the checks' own, for the interpreter's start


class ProbeTimeout(BaseException):
    """Raised into the learner's code by the alarm (a BaseException: ``except Exception`` in
    the learner's loop does not swallow it)."""


class TimedOutBefore(BaseException):
    """Raised by a learner's function that timed out in an earlier check of the exercise."""


def main(request: dict, writer_fd: int, output_fd: int, report_fd: int, confined: bool) -> None:
    """Runs in the fork; never returns (the caller exits)."""
    os.setsid()
    os.dup2(output_fd, 1)
    os.dup2(output_fd, 2)
    os.close(output_fd)
    null = os.open(os.devnull, os.O_RDONLY)
    os.dup2(null, 0)
    os.close(null)
    confine.die_with_parent()
    job = request["job"]
    writer = Connection(writer_fd, readable=False)
    try:
        _start(request, job, writer, writer_fd, report_fd, confined)
    except BaseException as e:          # the sandbox's own failure, reported as such
        _send(writer, {"kind": "import_error", "error": "crash",
                       "message": f"the sandbox failed to start this run ({type(e).__name__}: {e})"})


def _start(request: dict, job, writer: Connection, writer_fd: int, report_fd: int, confined: bool) -> None:
    """Namespaces of its own inside bubblewrap's view; where the kernel refuses them, or outside the
    view (the parent reports why), a plain folder, and nobody as the uid where the grader is root."""
    isolation = ""
    namespaced = confined
    if confined:
        try:
            confine.isolate_fork()
        except OSError as e:
            namespaced, isolation = False, f"process isolation only ({e.strerror or e})"
    if namespaced:
        pid = os.fork()
        if pid:
            _wait_as_middle(pid, report_fd, writer_fd)
    os.close(report_fd)
    try:
        folder, why = _lay_out(request, confine.PRIVATE if namespaced else _plain_root(request, confined), namespaced)
    except OSError as e:
        if not namespaced:
            raise
        isolation = f"process isolation only ({e.strerror or e})"
        folder, why = _lay_out(request, _plain_root(request, confined), namespaced=False)
    _run(request, job, writer, folder, "; ".join(filter(None, [isolation, why])))


def _plain_root(request: dict, confined: bool) -> str:
    """A folder of this run's own without namespaces: inside the view under its shared /sandbox, else
    the one the grader made for it."""
    return tempfile.mkdtemp(dir=confine.PRIVATE) if confined else request["fallback_dir"]


def _wait_as_middle(pid: int, report_fd: int, writer_fd: int) -> None:
    """The fork outside the new PID namespace: tell the zygote PID 1's pid, then pass on how it ended."""
    os.write(report_fd, struct.pack("!q", pid))
    os.close(report_fd)
    os.close(writer_fd)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)


def _lay_out(request: dict, root: str, namespaced: bool) -> tuple[str, str]:
    """Write the learner's files and the exercise's data under ``root``; returns the learner's
    folder, and what is missing from the isolation ('' if nothing beyond what the caller knows)."""
    from grader import data

    if namespaced:
        confine.private_mounts(root)
    folder, work, datasets = (os.path.join(root, name) for name in ("submission", "work", "data"))
    for path in (folder, work):
        os.makedirs(path, mode=0o755, exist_ok=True)
    for name, content in request["files"].items():
        target = os.path.join(folder, name)
        os.makedirs(os.path.dirname(target), mode=0o755, exist_ok=True)
        with open(target, "wb") as f:
            f.write(content)
    for name, content in request["datasets"].items():
        if isinstance(content, bytes):          # not in the zygote's view: sent with the request
            os.makedirs(datasets, mode=0o755, exist_ok=True)
            path = os.path.join(datasets, name)
            with open(path, "wb") as f:
                f.write(content)
            content = path
        data._located[name] = content
    if namespaced:
        confine.read_only(folder)
        confine.drop_capabilities()
    else:
        os.chmod(root, 0o755)
        if os.getuid() == 0:
            os.chown(work, confine.NOBODY, confine.NOBODY)
        why = confine.become_nobody()
    os.chdir(work)
    os.environ.update(HOME=work, TMPDIR=work, PYTHONDONTWRITEBYTECODE="1")
    tempfile.tempdir = None
    return folder, "" if namespaced else why


def _define_hidden(hidden: list[tuple[str, str, str]]) -> None:
    """The hidden checks of this exercise only, defined from the source the grader sent."""
    from grader.check import define_cases

    for name, filename, source in hidden:
        package = name.rpartition(".")[0]
        parts = package.split(".")
        for i in range(1, len(parts) + 1):       # the hidden folders are masked: make their packages
            pkg = ".".join(parts[:i])
            if pkg not in sys.modules:
                try:
                    importlib.import_module(pkg)
                except ImportError:
                    sys.modules[pkg] = types.ModuleType(pkg)
                    sys.modules[pkg].__path__ = []
        module = types.ModuleType(name)
        module.__file__, module.__package__ = filename, package
        if filename.endswith("__init__.py"):
            module.__path__, module.__package__ = [], name
        sys.modules[name] = module
        exec(compile(source, filename, "exec"), module.__dict__)
        define_cases(module)


def _run(request: dict, job, writer: Connection, folder: str, isolation: str) -> None:
    import torch

    from grader.check import load_checks

    budget = job.timeout * len(request["checks"])
    confine.limit(int(job.threads * budget + IMPORT_CPU_S) + 10, job.memory_mb, cuda=job.device != "cpu")
    # COURSEKIT_DEVICE: the grading's --device, for probes that hand it to the learner's code
    os.environ["COURSEKIT_DEVICE"] = job.device
    os.environ.update(job.env)          # course.yaml's env: read when the learner's module is imported
    sys.dont_write_bytecode = True
    torch.set_num_threads(job.threads)
    registry = load_checks(job.checks_package, job.checks_root)
    _define_hidden(request["hidden"])
    sys.path.insert(0, folder)
    signal.signal(signal.SIGALRM, _alarm)
    started = time.perf_counter()
    try:
        signal.setitimer(signal.ITIMER_REAL, job.timeout)
        try:
            sub = importlib.import_module(job.module)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except ProbeTimeout as e:
        _send(writer, {"kind": "import_error", **_timed_out(e, folder, time.perf_counter() - started)})
        return
    except BaseException as e:
        _send(writer, {"kind": "import_error", **_explain(e, folder)})
        return
    imported = time.perf_counter() - started
    _stub_out(request["hung"], folder)
    _send(writer, {"kind": "ready", "isolation": isolation, "import_s": round(imported, 3)})
    for i, check_id in enumerate(request["checks"]):
        check = registry[check_id]
        seed(check.seed)
        given = load_plain(request["given"][check_id]) if check_id in request["given"] else {}
        allowed = job.timeout - imported if i == 0 else job.timeout    # importing counts against the first
        started = time.perf_counter()
        header: dict = {"kind": "result", "check": check_id}
        payload = b""
        try:
            signal.setitimer(signal.ITIMER_REAL, max(allowed, 0.01))
            try:
                payload = dump_plain(to_plain(check.run(sub, **given)))
            finally:
                signal.setitimer(signal.ITIMER_REAL, 0)
        except ProbeTimeout as e:
            header.update(_timed_out(e, folder, time.perf_counter() - started + (imported if i == 0 else 0)))
        except BaseException as e:
            header.update(_explain(e, folder))
        header["duration_s"] = round(time.perf_counter() - started, 3)
        sys.stdout.flush()
        sys.stderr.flush()
        _send(writer, header, payload)
        if header.get("restart"):
            return


def _send(writer: Connection, header: dict, payload: bytes = b"") -> None:
    writer.send_bytes(json.dumps(header).encode() + b"\n" + payload)


def _alarm(signum, frame) -> None:
    raise ProbeTimeout()


def seconds(s: float) -> str:
    """A duration as the learner reads it: '1.5 s', '35 s'."""
    return f"{round(s, 1):g} s"


def _timed_out(e: ProbeTimeout, folder: str, elapsed: float) -> dict:
    """Where the learner's code was when the alarm rang, and which of its functions never
    returned (the first of the learner's frames: the one the probe called)."""
    frames = [(f, line) for f, line in traceback.walk_tb(e.__traceback__)
              if f.f_code.co_filename.startswith(folder)]
    out = {**_explain(e, folder), "restart": True}
    if not frames:
        out["message"] = f"timed out after {seconds(elapsed)} (an endless loop, or too slow?)"
        return out
    inner, line = frames[-1]
    where = f"`{_name(inner.f_code)}` ({Path(inner.f_code.co_filename).name}, line {line})"
    out["message"] = f"timed out after {seconds(elapsed)} in {where}: an endless loop, or too slow?"
    entry = frames[0][0].f_code
    if "<" not in _name(entry):          # a module-level function or a method: it can be stubbed out
        out["hung"] = f"{Path(entry.co_filename).stem}:{_name(entry)}"
    return out


def _name(code) -> str:
    return getattr(code, "co_qualname", code.co_name)       # Python 3.10 has no co_qualname


def _stub_out(hung: tuple[str, ...], folder: str) -> None:
    """Replace each function in ``hung`` ("bigram:nll", "engine:Value.backward") by one that
    fails at once: in its module, and wherever the learner's other modules imported it."""
    if not hung:
        return          # the usual case: nothing timed out, nothing to look up in sys.modules
    learner = {Path(m.__file__).stem: m for m in list(sys.modules.values())
               if getattr(m, "__file__", None) and m.__file__.startswith(folder)}
    for entry in hung:
        stem, name = entry.split(":", 1)
        *path, attr = name.split(".")
        owner = learner.get(stem)
        for part in path:
            owner = getattr(owner, part, None)
        original = getattr(owner, attr, None)
        if not callable(original):
            continue

        def timed_out_before(*args, _name=name, **kwargs):
            raise TimedOutBefore(f"not run again: `{_name}` timed out in an earlier check of this exercise")
        setattr(owner, attr, timed_out_before)
        for module in learner.values():
            for key, value in list(vars(module).items()):
                if value is original:
                    setattr(module, key, timed_out_before)


def seed(n: int) -> None:
    """Seed every generator a probe or a learner might use."""
    import numpy as np
    import torch

    random.seed(n)
    np.random.seed(n % 2**32)
    torch.manual_seed(n)


def _explain(e: BaseException, folder: str) -> dict:
    """An error as the learner should see it: what happened, in their own frames only."""
    mine = [f for f in traceback.extract_tb(e.__traceback__) if f.filename.startswith(folder)]
    if isinstance(e, SyntaxError) and e.filename and e.filename.startswith(folder):
        where = f"{Path(e.filename).name}, line {e.lineno}"
        return {"error": "import", "message": f"syntax error in {where}: {e.msg}", "traceback": "",
                "frames": [[Path(e.filename).name, e.lineno]]}
    out = _describe(e, folder, mine)
    # The places named, as data: a notebook points them back at its cells without parsing the text.
    out["frames"] = [[f.filename.replace(folder + os.sep, ""), f.lineno] for f in mine[-FRAMES:]]
    return out


def _describe(e: BaseException, folder: str, mine: list) -> dict:
    """The error kind, message and traceback text of ``e``, given the learner's frames ``mine``."""
    text = "".join(capped(line) + "\n" for line in                      # a line of theirs can be 5,000 characters
                   "".join(traceback.format_list(mine)).replace(folder + os.sep, "").splitlines())
    if isinstance(e, ProbeTimeout):
        return {"error": "timeout", "message": "timed out", "traceback": text}
    if isinstance(e, TimedOutBefore):
        return {"error": "timeout", "message": str(e), "traceback": ""}
    only = "".join(traceback.format_exception_only(type(e), e)).replace(folder + os.sep, "")
    text += "".join(capped(line) + "\n" for line in only.splitlines())
    if isinstance(e, NotImplementedError):
        where = f"`{mine[-1].name}` in {Path(mine[-1].filename).name}" if mine else "a function"
        return {"error": "not_implemented", "message": f"not implemented yet: {where}", "traceback": ""}
    if isinstance(e, ModuleNotFoundError) and e.name in EXTRAS:
        return {"error": "import", "message": f"{e.name} is not installed; install it with the course's "
                                               f"{EXTRAS[e.name]} extra: pip install -e \".[{EXTRAS[e.name]}]\"",
                "traceback": ""}
    if isinstance(e, SystemExit):
        return {"error": "exception", "message": "your code called sys.exit(); nothing was graded for it",
                "traceback": text}
    if isinstance(e, NotPlainData):
        return {"error": "not_plain", "message": str(e), "traceback": ""}
    if isinstance(e, OSError) and e.errno == errno.EFBIG:
        message = f"your code printed or wrote more than {confine.MAX_FILE_BYTES >> 20} MB; the sandbox stops it there"
        return {"error": "exception", "message": message, "traceback": text}
    if isinstance(e, MemoryError) or "can't allocate memory" in str(e):
        message = "ran out of memory (the sandbox's limit is in course.yaml's memory_mb)"
        return {"error": "exception", "message": message, "traceback": text}
    lines = only.strip().splitlines() or [type(e).__name__]
    return {"error": "exception", "message": capped(lines[-1]), "traceback": text[-4000:]}

