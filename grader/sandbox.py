"""The sandbox: learner code runs in a child process that can compute but cannot cheat.

A *zygote* (multiprocessing's forkserver) imports torch and the checks once; every
exercise then runs in a fresh fork of it, so no run pays torch's import and none can
leave state behind for the next. In the child, before any learner code is imported:

- it leads its own process group, so a timeout kills it and everything it started;
- each probe runs under an alarm: at the timeout the learner's code is interrupted where it
  is, the report names the function and line, and the function that never returned is not
  called again by the exercise's later checks (they fail at once instead of each waiting
  out the timeout); learner code that blocks the alarm is killed a moment later;
- where the kernel allows (Linux mount, network and, for non-root users, user
  namespaces), the whole file system is read-only, the solutions and the grader's
  cache are masked by empty folders, the working directory is a private tmpfs, and
  there is no network;
- it runs the learner's code as the first process of a new PID namespace, so nothing it
  starts can outlive it or see the grader's processes, and (as root, through the pids
  cgroup) it can start at most MAX_PROCESSES processes: a fork bomb stays in its box;
- memory (address space), CPU time, file size and core dumps are limited;
- stdout and stderr go to a file the parent reads the tail of.

The child sends each probe's result through a private pipe as a JSON header plus a
``torch.save`` payload; the parent reads the header with ``json`` and the payload with
``torch.load(weights_only=True)``, then checks again that only plain data arrived. The
parent never unpickles anything the learner's process could have shaped into code.
"""
from __future__ import annotations

import atexit
import ctypes
import errno
import importlib
import io
import json
import multiprocessing
import os
import random
import resource
import signal
import sys
import tempfile
import time
import traceback
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_RESULT_BYTES = 64 << 20      # one probe's result
MAX_FILE_BYTES = 64 << 20        # any file the child writes, its output included
OUTPUT_TAIL = 2000               # characters of the learner's output kept in the report
IMPORT_GRACE_S = 30.0            # importing the learner's module, on top of the checks' time
ALARM_GRACE_S = 2.0              # after the child's own alarm, the parent's kill
MAX_OPEN_FILES = 256             # file descriptors a sandbox may hold at once
MAX_PROCESSES = 64               # per sandbox, where the pids cgroup can enforce it
PIDS_CGROUP = Path("/sys/fs/cgroup/pids")


@dataclass(frozen=True)
class Job:
    """One sandboxed run: import ``module`` from ``folder`` and probe it with ``checks``."""
    folder: str
    module: str
    checks: tuple[str, ...]
    timeout: float                      # wall seconds for each check
    memory_mb: int
    threads: int = 1
    device: str = "cpu"
    datasets: tuple[tuple[str, str], ...] = ()     # (name, located path)
    hide: tuple[str, ...] = ()                     # folders masked in the child
    checks_package: str = "grader.checks"
    checks_root: str = ""                          # the course folder, where that package lives


@dataclass
class Outcome:
    """What one probe produced: plain ``data``, or an ``error`` kind and a message for the learner."""
    check: str
    data: Any = None
    error: str = ""            # "", not_implemented, exception, import, timeout, crash, not_plain
    message: str = ""
    traceback: str = ""
    duration_s: float = 0.0


@dataclass
class Run:
    outcomes: list[Outcome]
    output: str = ""
    isolation: str = ""        # "" when fully isolated, else why not


# --------------------------------------------------------------------------- parent side

_context = None


def context():
    """The forkserver context; its server (the zygote) imports torch and the checks once."""
    global _context
    if _context is None:
        _context = multiprocessing.get_context("forkserver")
        _context.set_forkserver_preload(["grader.zygote"])
    return _context


def start() -> None:
    """Start the zygote now, so its torch import overlaps the parent's own.

    It starts with a fixed string-hash seed: learner code that iterates a set of strings
    (a vocabulary from ``set(text)``, unsorted) then sees the same order in every run, so
    the same submission always gets the same report.
    """
    context()
    from multiprocessing import forkserver

    saved = os.environ.get("PYTHONHASHSEED")
    os.environ["PYTHONHASHSEED"] = "0"
    try:
        forkserver.ensure_running()
    finally:
        if saved is None:
            del os.environ["PYTHONHASHSEED"]
        else:
            os.environ["PYTHONHASHSEED"] = saved


def run(job: Job) -> Run:
    """Run every check of ``job``; a timeout or crash costs only the check it happened in.

    After a timeout or a crash the next checks run in a fresh child; one that is told which
    of the learner's functions timed out (``hung``) and fails the checks that call them again.
    """
    result = Run(outcomes=[])
    hung: list[str] = []
    with tempfile.TemporaryDirectory(prefix="coursekit-") as tmp:
        output = Path(tmp) / "output.txt"
        work = Path(tmp) / "work"
        work.mkdir()
        pending = list(job.checks)
        while pending:
            done = _run_child(job, pending, output, work, result, hung)
            result.outcomes += done
            pending = pending[len(done):]
        result.output = _tail(output)
    return result


def _run_child(job: Job, pending: list[str], output: Path, work: Path, result: Run,
               hung: list[str]) -> list[Outcome]:
    reader, writer = context().Pipe(duplex=False)
    child = context().Process(target=_child_main, args=(writer, job, tuple(pending), str(output), str(work),
                                                        tuple(hung)), daemon=True)
    child.start()
    _live.add(child.pid)
    writer.close()
    done: list[Outcome] = []
    try:
        header, _ = _receive(reader, job.timeout + IMPORT_GRACE_S)
        if header is None or header["kind"] != "ready":
            failure = _failure(child, job, header, pending[0], "importing your module")
            return [Outcome(c, error=failure.error, message=failure.message, traceback=failure.traceback)
                    for c in pending]
        result.isolation = header.get("isolation", "")
        for check_id in pending:
            started = time.monotonic()
            header, payload = _receive(reader, job.timeout + ALARM_GRACE_S)
            if header is None or header["kind"] != "result" or header.get("check") != check_id:
                failure = _failure(child, job, header, check_id, "running this check")
                failure.duration_s = time.monotonic() - started
                done.append(failure)
                return done
            done.append(_outcome(check_id, header, payload))
            if header.get("error") == "timeout" and header.get("restart"):     # the child's state is suspect
                if isinstance(header.get("hung"), str) and ":" in header["hung"]:      # "bigram:nll"
                    hung.append(header["hung"])
                return done
        return done
    finally:
        _kill(child)
        _live.discard(child.pid)
        reader.close()


_live: set[int] = set()     # process groups of the children running now


def kill_all() -> None:
    """Kill every running child's process group (on Ctrl-C, so none outlives the grader)."""
    for pid in list(_live):
        try:
            os.killpg(pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass


def _receive(reader, timeout: float) -> tuple[dict | None, bytes]:
    """One message from the child, or (None, b"") if it timed out or went away."""
    try:
        if not reader.poll(timeout):
            return None, b""
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
    duration = float(header.get("duration_s", 0.0)) if isinstance(header.get("duration_s"), (int, float)) else 0.0
    if header.get("error"):
        return Outcome(check_id, error=str(header["error"]), message=str(header.get("message", ""))[:2000],
                       traceback=str(header.get("traceback", ""))[-4000:], duration_s=duration)
    try:
        data = load_plain(payload)
    except ValueError as e:
        return Outcome(check_id, error="not_plain", message=str(e), duration_s=duration)
    return Outcome(check_id, data=data, duration_s=duration)


def _failure(child, job: Job, header: dict | None, check_id: str, doing: str) -> Outcome:
    """Explain why the child stopped answering: a timeout, a crash, an early exit, or import errors."""
    if header is not None and header.get("kind") == "import_error":
        return Outcome(check_id, error="import", message=str(header.get("message", ""))[:2000],
                       traceback=str(header.get("traceback", ""))[-4000:])
    if header is not None and header.get("kind") == "too_large":
        return Outcome(check_id, error="not_plain",
                       message=f"the result is larger than {MAX_RESULT_BYTES >> 20} MB, the limit for one check")
    if header is not None:
        return Outcome(check_id, error="crash", message=f"your code interfered with the grader while {doing}")
    child.join(0.5)
    code = child.exitcode
    if code is None:
        return Outcome(check_id, error="timeout",
                       message=f"timed out after {job.timeout:g} s while {doing} (an endless loop, "
                               f"or too slow?)")
    if code < 0:
        name = signal.Signals(-code).name
        why = {"SIGSEGV": "crashed with a segmentation fault", "SIGKILL": "was killed (out of memory?)",
               "SIGXCPU": "used up its CPU time", "SIGABRT": "aborted",
               "SIGXFSZ": f"wrote a file over {MAX_FILE_BYTES >> 20} MB"}.get(name, f"was killed by {name}")
        return Outcome(check_id, error="crash", message=f"the process {why} while {doing}")
    return Outcome(check_id, error="crash",
                   message=f"the process exited with status {code} while {doing} (sys.exit or os._exit "
                           f"in your code?); nothing was graded for it")


def _kill(child) -> None:
    """Kill the child's whole process group (it made itself a group leader), then tidy up."""
    if child.pid is not None:
        try:
            os.killpg(child.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
    child.join(5)
    if child.pid is not None:
        _leave_pids_cgroup(child.pid)


def _tail(path: Path) -> str:
    try:
        with open(path, "rb") as f:
            f.seek(max(0, path.stat().st_size - OUTPUT_TAIL))
            return f.read().decode("utf-8", "replace")
    except OSError:
        return ""


# --------------------------------------------------------------------------- plain data

def _is_plain(x: Any, depth: int = 0) -> str:
    """'' if ``x`` is plain data, else a description of the first thing that is not."""
    import torch

    if depth > 20:
        return "data nested more than 20 levels deep"
    if x is None or type(x) in (bool, int, float, str):
        return ""
    if type(x) is torch.Tensor:
        return "" if x.layout == torch.strided else f"a {x.layout} tensor"
    if type(x) in (list, tuple):
        return next((w for w in (_is_plain(v, depth + 1) for v in x) if w), "")
    if type(x) is dict:
        for k, v in x.items():
            if type(k) not in (str, int):
                return f"a dict key of type {type(k).__name__}"
            why = _is_plain(v, depth + 1)
            if why:
                return why
        return ""
    return f"a {type(x).__module__}.{type(x).__qualname__}"


def to_plain(x: Any) -> Any:
    """Make a probe's result plain: detach tensors, turn numpy values into Python/torch ones."""
    import numpy as np
    import torch

    if isinstance(x, torch.Tensor) and type(x) is torch.Tensor:
        return x.detach().cpu().clone() if x.is_cuda else x.detach()
    if type(x) in (list, tuple):
        return type(x)(to_plain(v) for v in x)
    if type(x) is dict:
        return {k: to_plain(v) for k, v in x.items()}
    if type(x) is torch.Size:
        return tuple(x)
    if isinstance(x, np.ndarray) and type(x) is np.ndarray:
        return torch.from_numpy(x.copy())
    if type(x) in (np.float16, np.float32, np.float64):
        return float(x)
    if type(x) in (np.int8, np.int16, np.int32, np.int64, np.uint8):
        return int(x)
    if type(x) is np.bool_:
        return bool(x)
    return x


class NotPlainData(ValueError):
    """A probe's result that cannot cross the boundary: the learner sees the message as it is."""


def dump_plain(x: Any) -> bytes:
    import torch

    why = _is_plain(x)
    if why:
        raise NotPlainData(f"the result contains {why}, where plain data (numbers, strings, lists, "
                         f"dicts, plain tensors) was expected")
    buffer = io.BytesIO()
    torch.save(x, buffer)
    if buffer.tell() > MAX_RESULT_BYTES:
        raise NotPlainData(f"the result is {buffer.tell() >> 20} MB; results are limited to "
                         f"{MAX_RESULT_BYTES >> 20} MB")
    return buffer.getvalue()


def load_plain(payload: bytes) -> Any:
    """Deserialise a child's result safely and make sure it is plain data."""
    import torch

    if len(payload) > MAX_RESULT_BYTES:
        raise ValueError(f"the result is larger than {MAX_RESULT_BYTES >> 20} MB")
    try:
        with warnings.catch_warnings():     # e.g. "pickle protocol 4": the unpickler decides, not the warning
            warnings.simplefilter("ignore")
            data = torch.load(io.BytesIO(payload), weights_only=True, map_location="cpu")
    except Exception as e:  # the unpickler refuses anything but plain data
        raise ValueError(f"the result is not plain data ({str(e).splitlines()[0][:200]})") from None
    why = _is_plain(data)
    if why:
        raise ValueError(f"the result contains {why}, where plain data was expected")
    return data


# --------------------------------------------------------------------------- child side

def _send(writer, header: dict, payload: bytes = b"") -> None:
    writer.send_bytes(json.dumps(header).encode() + b"\n" + payload)


class ProbeTimeout(BaseException):
    """Raised into the learner's code by the alarm (a BaseException: ``except Exception`` in
    the learner's loop does not swallow it)."""


class TimedOutBefore(BaseException):
    """Raised by a learner's function that timed out in an earlier check of the exercise."""


def _child_main(writer, job: Job, checks: tuple[str, ...], output: str, work: str,
                hung: tuple[str, ...] = ()) -> None:
    """Runs in the fork: confine, import the learner's module, run the probes, report each."""
    try:
        os.setsid()
        fd = os.open(output, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        os.dup2(fd, 1)
        os.dup2(fd, 2)
        os.dup2(os.open(os.devnull, os.O_RDONLY), 0)
        from grader.check import load_checks

        registry = load_checks(job.checks_package, job.checks_root)   # before their files are masked
        _join_pids_cgroup()
        isolation = _isolate(job, work)
        _limit(job, len(checks))
        if not isolation:
            _become_namespace_init(writer)
        os.chdir(work)
        # COURSEKIT_DEVICE: the grading's --device, for probes that hand it to the learner's code
        os.environ.update(HOME=work, TMPDIR=work, PYTHONDONTWRITEBYTECODE="1", COURSEKIT_DEVICE=job.device)
        tempfile.tempdir = None
        sys.dont_write_bytecode = True

        import torch
        from grader import data

        torch.set_num_threads(job.threads)
        data._located.update(dict(job.datasets))
        sys.path.insert(0, job.folder)
        try:
            sub = importlib.import_module(job.module)
        except BaseException as e:
            _send(writer, {"kind": "import_error", **_explain(e, job.folder)})
            return
        _stub_out(hung, job)
        _send(writer, {"kind": "ready", "isolation": isolation})
        signal.signal(signal.SIGALRM, _alarm)
        for check_id in checks:
            check = registry[check_id]
            seed(check.seed)
            started = time.perf_counter()
            header: dict = {"kind": "result", "check": check_id}
            payload = b""
            try:
                signal.setitimer(signal.ITIMER_REAL, job.timeout)
                try:
                    payload = dump_plain(to_plain(check.probe(sub)))
                finally:
                    signal.setitimer(signal.ITIMER_REAL, 0)
            except ProbeTimeout as e:
                header.update(_timed_out(e, job))
            except BaseException as e:
                header.update(_explain(e, job.folder))
            header["duration_s"] = round(time.perf_counter() - started, 3)
            sys.stdout.flush()
            sys.stderr.flush()
            _send(writer, header, payload)
            if header.get("restart"):
                return
    finally:
        os._exit(0)


def _alarm(signum, frame) -> None:
    raise ProbeTimeout()


def _timed_out(e: ProbeTimeout, job: Job) -> dict:
    """Where the learner's code was when the alarm rang, and which of its functions never
    returned (the first of the learner's frames: the one the probe called)."""
    frames = [(f, line) for f, line in traceback.walk_tb(e.__traceback__)
              if f.f_code.co_filename.startswith(job.folder)]
    out = {**_explain(e, job.folder), "restart": True}
    if not frames:
        out["message"] = f"timed out after {job.timeout:g} s (an endless loop, or too slow?)"
        return out
    inner, line = frames[-1]
    where = f"`{_name(inner.f_code)}` ({Path(inner.f_code.co_filename).name}, line {line})"
    out["message"] = f"timed out after {job.timeout:g} s in {where}: an endless loop, or too slow?"
    entry = frames[0][0].f_code
    if "<" not in _name(entry):          # a module-level function or a method: it can be stubbed out
        out["hung"] = f"{Path(entry.co_filename).stem}:{_name(entry)}"
    return out


def _name(code) -> str:
    return getattr(code, "co_qualname", code.co_name)       # Python 3.10 has no co_qualname


def _stub_out(hung: tuple[str, ...], job: Job) -> None:
    """Replace each function in ``hung`` ("bigram:nll", "engine:Value.backward") by one that
    fails at once: in its module, and wherever the learner's other modules imported it."""
    if not hung:
        return          # the usual case: nothing timed out, nothing to look up in sys.modules
    learner = {Path(m.__file__).stem: m for m in list(sys.modules.values())
               if getattr(m, "__file__", None) and m.__file__.startswith(job.folder)}
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
        return {"error": "import", "message": f"syntax error in {where}: {e.msg}", "traceback": ""}
    text = "".join(traceback.format_list(mine)).replace(folder + os.sep, "")
    if isinstance(e, ProbeTimeout):
        return {"error": "timeout", "message": "timed out", "traceback": text}
    if isinstance(e, TimedOutBefore):
        return {"error": "timeout", "message": str(e), "traceback": ""}
    text += "".join(traceback.format_exception_only(type(e), e)).replace(folder + os.sep, "")
    if isinstance(e, NotImplementedError):
        where = f"`{mine[-1].name}` in {Path(mine[-1].filename).name}" if mine else "a function"
        return {"error": "not_implemented", "message": f"not implemented yet: {where}", "traceback": ""}
    if isinstance(e, SystemExit):
        return {"error": "exception", "message": "your code called sys.exit(); nothing was graded for it",
                "traceback": text}
    if isinstance(e, NotPlainData):
        return {"error": "not_plain", "message": str(e), "traceback": ""}
    if isinstance(e, OSError) and e.errno == errno.EFBIG:
        message = f"your code printed or wrote more than {MAX_FILE_BYTES >> 20} MB; the sandbox stops it there"
        return {"error": "exception", "message": message, "traceback": text}
    if isinstance(e, MemoryError) or "can't allocate memory" in str(e):
        message = "ran out of memory (the sandbox's limit is in course.yaml's memory_mb)"
        return {"error": "exception", "message": message, "traceback": text}
    message = "".join(traceback.format_exception_only(type(e), e)).strip().splitlines()[-1]
    return {"error": "exception", "message": message[:500], "traceback": text}


def _limit(job: Job, n_checks: int) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)   # an oversized write fails instead of killing
    cpu = int(job.threads * (job.timeout * n_checks + IMPORT_GRACE_S)) + 10
    limits = [(resource.RLIMIT_CPU, cpu), (resource.RLIMIT_FSIZE, MAX_FILE_BYTES), (resource.RLIMIT_CORE, 0),
              (resource.RLIMIT_NOFILE, MAX_OPEN_FILES)]
    if job.device == "cpu":     # CUDA reserves far more address space than it uses
        limits.append((resource.RLIMIT_AS, job.memory_mb << 20))
    for limit, value in limits:
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass


# Linux constants for the namespace confinement (linux/sched.h, linux/mount.h).
_CLONE_NEWNS, _CLONE_NEWUSER, _CLONE_NEWNET, _CLONE_NEWPID = 0x00020000, 0x10000000, 0x40000000, 0x20000000
_MS_REC, _MS_PRIVATE = 0x4000, 1 << 18
_MOUNT_ATTR_RDONLY, _AT_RECURSIVE, _AT_FDCWD, _SYS_MOUNT_SETATTR = 0x1, 0x8000, -100, 442


class _MountAttr(ctypes.Structure):
    _fields_ = [("attr_set", ctypes.c_uint64), ("attr_clr", ctypes.c_uint64),
                ("propagation", ctypes.c_uint64), ("userns_fd", ctypes.c_uint64)]


def _isolate(job: Job, work: str) -> str:
    """Confine the file system and network; '' on success, else the reason it was not possible."""
    if not sys.platform.startswith("linux"):
        return f"no namespaces on {sys.platform}"
    libc = ctypes.CDLL(None, use_errno=True)

    def ok(rc: int, what: str) -> None:
        if rc != 0:
            raise OSError(ctypes.get_errno(), f"{what}: {os.strerror(ctypes.get_errno())}")

    uid, gid = os.getuid(), os.getgid()
    try:
        ok(libc.unshare(_CLONE_NEWNS | _CLONE_NEWNET | _CLONE_NEWPID | (_CLONE_NEWUSER if uid else 0)), "unshare")
        if uid:
            for name, text in (("setgroups", "deny"), ("uid_map", f"0 {uid} 1"), ("gid_map", f"0 {gid} 1")):
                with open(f"/proc/self/{name}", "w") as f:
                    f.write(text)
        ok(libc.mount(None, b"/", None, _MS_REC | _MS_PRIVATE, None), "mount --make-rprivate /")
        for folder in job.hide:
            if os.path.isdir(folder):
                ok(libc.mount(b"tmpfs", folder.encode(), b"tmpfs", 0, b"size=4k,mode=0555"), f"mask {folder}")
        attr = _MountAttr(attr_set=_MOUNT_ATTR_RDONLY)
        ok(libc.syscall(_SYS_MOUNT_SETATTR, _AT_FDCWD, b"/", _AT_RECURSIVE, ctypes.byref(attr),
                        ctypes.sizeof(attr)), "read-only /")
        ok(libc.mount(b"tmpfs", work.encode(), b"tmpfs", 0, b"size=256m,mode=0700"), "private tmpfs")
    except OSError as e:
        return f"process isolation only ({e.strerror if e.strerror else e})"
    return ""


def _become_namespace_init(writer) -> None:
    """Fork into the new PID namespace; this process only waits and passes on how it ended.

    The fork is the namespace's first process: when it ends, the kernel kills everything
    the learner's code started, daemons and setsid()'d grandchildren included.
    """
    pid = os.fork()
    if pid == 0:
        return
    writer.close()
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        signal.signal(os.WTERMSIG(status), signal.SIG_DFL)
        os.kill(os.getpid(), os.WTERMSIG(status))
    os._exit(os.waitstatus_to_exitcode(status) if os.WIFEXITED(status) else 1)


def _cgroup_of(pid: int) -> Path:
    return PIDS_CGROUP / f"coursekit-{pid}"


def _join_pids_cgroup() -> None:
    """Cap the number of processes (root only: the pids controller of cgroup v1 or v2)."""
    folder = _cgroup_of(os.getpid())
    try:
        folder.mkdir()
        (folder / "pids.max").write_text(str(MAX_PROCESSES))
        (folder / "cgroup.procs").write_text(str(os.getpid()))
    except OSError:
        pass            # not root, or no pids controller here: the timeout still ends a fork bomb


_stale_cgroups: set[Path] = set()


def _leave_pids_cgroup(pid: int) -> None:
    """Remove the child's cgroup. Its last processes die asynchronously, so one still busy
    is not waited for: it is removed by a later call, or at exit."""
    _stale_cgroups.add(_cgroup_of(pid))
    _sweep_cgroups()


def _sweep_cgroups() -> None:
    for folder in list(_stale_cgroups):
        try:
            folder.rmdir()
        except FileNotFoundError:
            pass
        except OSError:
            continue
        _stale_cgroups.discard(folder)


@atexit.register
def _sweep_cgroups_at_exit() -> None:
    for _ in range(100):
        _sweep_cgroups()
        if not _stale_cgroups:
            return
        time.sleep(0.01)
