"""The grader's handle on its zygotes: start one per course and role, fall back, stop them all.

Two zygotes never meet: the learner's (its forks run learner code) and the reference's
(its forks run only solutions/). A third, bare learner zygote serves exercises whose
checks hand the learner's code its data from the grader (a training split): it holds no
dataset, in memory or on disk, so such a child has exactly the data its check gives it.
"""
from __future__ import annotations

import os
import pickle
import select
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from grader.sandbox import confine, zygote

ZYGOTE_START_S = 120.0           # importing torch on a loaded machine


class Zygote:
    """One zygote process and the socket the grader talks to it on.

    It starts inside bubblewrap's view where bubblewrap is installed; where bubblewrap is
    missing, or fails to start (namespaces refused in a container, say), it starts without
    it, and ``isolation`` says so in every report."""

    def __init__(self, package: str, root: str, datasets: dict[str, str]):
        import grader

        self.package, self.root, self.datasets = package, os.path.abspath(root), datasets     # it runs in /
        self.grader_dir = os.path.dirname(os.path.realpath(grader.__file__))
        self.lock = threading.Lock()
        self.ready = False
        self.isolation = "" if confine.bwrap() and sys.platform.startswith("linux") else \
            "process isolation only (bubblewrap is not installed: apt-get install bubblewrap)"
        self._spawn(confined=not self.isolation)

    def _spawn(self, confined: bool) -> None:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        boot = (f"import sys; sys.path.insert(0, {os.path.dirname(self.grader_dir)!r}); "
                f"from grader.sandbox.zygote import main; main({theirs.fileno()}, sys.argv[1] == 'confined')")
        command = [sys.executable, "-c", boot]
        if confined:
            self.view = {name: f"{confine.DATA_DIR}/{name}" for name in self.datasets}
            argv = [confine.bwrap(), *confine.view_argv(self.grader_dir, [_package_dir(self.package, self.root)],
                                                        self.datasets, Path("/dev/nvidiactl").exists()),
                    "--", *command, "confined"]
            env = None
        else:
            self.view = dict(self.datasets)      # dataset name -> its path as the children see it
            argv, env = command + ["open"], {**os.environ, "PYTHONHASHSEED": "0"}
        self.log = tempfile.TemporaryFile()
        self.process = subprocess.Popen(argv, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL,
                                        stdout=self.log, stderr=self.log, env=env, cwd="/")
        theirs.close()
        self.socket = ours
        try:
            zygote.send_frame(ours, pickle.dumps({"package": self.package, "root": self.root, "datasets": self.view}))
        except OSError:         # it ended before reading (bubblewrap refused to start): wait_ready says why
            pass

    def wait_ready(self) -> None:
        with self.lock:
            if self.ready:
                return
            said = self._ready_or_why()
            if said and not self.isolation:      # bubblewrap could not start here: go on without it
                self.stop()
                self.isolation = f"process isolation only (bubblewrap failed: {said})"
                self._spawn(confined=False)
                said = self._ready_or_why()
            if said:
                raise RuntimeError(f"the sandbox could not start ({said})")
            self.ready = True

    def _ready_or_why(self) -> str:
        """'' once the zygote says it is ready, else the last line it printed before it ended."""
        ready, _, _ = select.select([self.socket], [], [], ZYGOTE_START_S)
        try:
            if ready and zygote.read_frame(self.socket)[0] is not None:
                return ""
        except OSError:                # it ended before reading what it was sent
            pass
        self.process.wait(5)
        self.log.seek(0)
        lines = self.log.read().decode("utf-8", "replace").strip().splitlines()
        return (lines[-1] if lines else f"it exited with status {self.process.returncode}")[:300]

    def alive(self) -> bool:
        """Still serving (one that is starting counts: wait_ready decides about it)."""
        return not self.ready or self.process.poll() is None

    def fork(self, request: dict, writer: int, output: int) -> socket.socket:
        """Ask for a child; returns the status socket: it says how the child ended, and closing it ends the child."""
        self.wait_ready()
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            with self.lock:
                zygote.send_frame(self.socket, pickle.dumps(request), [writer, output, theirs.fileno()])
        finally:
            theirs.close()
        return ours

    def stop(self) -> None:
        try:
            self.socket.close()
            self.process.kill()
            self.process.wait(5)
        except (OSError, subprocess.TimeoutExpired):
            pass


def _package_dir(package: str, root: str) -> str:
    """The folder of the course's check package: under the course's root if it is there."""
    import importlib.util

    local = Path(root, *package.split("."))
    if (local / "__init__.py").is_file():
        return os.path.realpath(local)
    return os.path.dirname(os.path.realpath(importlib.util.find_spec(package).origin))


_zygotes: dict[tuple, Zygote] = {}
_zygotes_lock = threading.Lock()


def zygote_for(package: str, root: str, role: str, warm: bool) -> Zygote:
    """The zygote for this course and role, started on first use (and again if it died)."""
    key = (package, root, role, warm)
    with _zygotes_lock:
        z = _zygotes.get(key)
        if z is None or not z.alive():
            z = _zygotes[key] = Zygote(package, root, _course_datasets(root) if warm else {})
        return z


def _course_datasets(root: str) -> dict[str, str]:
    """The course's datasets already on disk (a warm zygote memoises helpers over them)."""
    from grader import data

    manifest = Path(root) / "datasets" / "manifest.yaml"
    found = {}
    try:
        for name, ds in data.manifest(manifest).items():
            try:
                found[name] = str(data.locate(ds, download=False))
            except Exception:          # not on disk, or corrupt: a request sends it if it is needed
                pass
    except Exception:
        pass
    return found


def start(package: str, root: str) -> None:
    """Start the course's learner zygote now, so its torch import overlaps the grader's own."""
    zygote_for(package, root, "learner", warm=True)


def kill_all() -> None:
    """Stop every zygote: their forks end with them (on Ctrl-C, so none outlives the grader)."""
    with _zygotes_lock:
        for z in _zygotes.values():
            z.stop()
        _zygotes.clear()
