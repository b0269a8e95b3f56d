"""What a run shows while it goes: the check running now and for how long, the learner's output.

The engine tells a :class:`Progress` of each exercise it starts and ends; the sandbox, through the
``watch`` function the progress hands it, of each check it starts and of what the learner's code
prints. Three displays, chosen by :func:`choose`:

- a live one on a terminal (rich): every running check with a spinner and its elapsed time, each
  finished exercise as a coloured line above them (colour only where rich sees a terminal, and
  never under ``NO_COLOR``); ``-v`` adds the learner's printed lines;
- plain lines (``-q``: one per finished exercise; ``-v`` off a terminal: each check as it starts,
  the learner's lines, and a heartbeat every 30 s while one check runs long), for CI logs;
- none, the default in CI logs and pipes, where the report itself is the output.
"""
from __future__ import annotations

import os
import sys
import threading
import time
from typing import Callable, TextIO

HEARTBEAT_S = 30.0


class Progress:
    """Shows nothing: the base every display extends, and what tests and pipes get. It keeps what is
    running (``running``: label -> (check, since)); a display shows it through the hooks below."""

    verbose = False                 # hand the learner's printed lines to ``printed``

    def __init__(self, total: int = 0):
        self.total, self.done = total, 0
        self.running: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def start(self, exercise: str, role: str = "") -> Callable[[str, str], None]:
        """Exercise ``exercise`` begins (``role``: "reference" for the solutions' run); returns the
        sandbox's ``watch``."""
        label = f"{exercise} ({role})" if role else exercise
        self.running[label] = ("importing", time.monotonic())

        def watch(event: str, value: str) -> None:
            if event == "check":
                name = value.rsplit(".", 1)[-1]
                self.running[label] = (name, time.monotonic())
                self.checking(label, name)
            elif event == "done":
                self.running.pop(label, None)
            elif event == "output" and self.verbose:
                self.printed(label, value)
        return watch

    def checking(self, label: str, check: str) -> None:
        """``check`` of ``label`` has started."""

    def printed(self, label: str, text: str) -> None:
        """The learner's code of ``label`` printed ``text`` (only when ``verbose``)."""

    def finish(self, result) -> None:
        """An exercise's result is in."""
        self.step(result.id, score(result), result.points / result.max_points if result.max_points else None)

    def step(self, exercise: str, text: str, fraction: float | None = None) -> None:
        """One of the run's ``total`` steps is done: ``text`` says how it went (``fraction``: of its points)."""
        with self._lock:
            self.done += 1
        for label in _labels(self.running, exercise):
            self.running.pop(label, None)

    def close(self) -> None:
        """The run is over (or was interrupted): leave the terminal as it was."""

    def __enter__(self) -> "Progress":
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def score(result) -> str:
    return f"{result.points:g} / {result.max_points:g}"


class Lines(Progress):
    """Plain lines for logs: one per exercise; with ``verbose``, each check, the learner's lines, a heartbeat."""

    def __init__(self, total: int = 0, verbose: bool = False, stream: TextIO | None = None):
        super().__init__(total)
        self.verbose, self.stream = verbose, stream or sys.stderr
        self._stop = threading.Event()
        if verbose:
            threading.Thread(target=self._beat, daemon=True).start()

    def say(self, line: str) -> None:
        with self._lock:
            print(line, file=self.stream, flush=True)

    def checking(self, label: str, check: str) -> None:
        if self.verbose:
            self.say(f"  {label}: {check} …")

    def printed(self, label: str, text: str) -> None:
        for line in text.splitlines():
            self.say(f"  {label} | {line}")

    def step(self, exercise: str, text: str, fraction: float | None = None) -> None:
        super().step(exercise, text, fraction)
        self.say(f"[{self.done}/{self.total}] {exercise:<24} {text}")

    def _beat(self) -> None:
        while not self._stop.wait(HEARTBEAT_S):
            now = time.monotonic()
            for label, (check, since) in list(self.running.items()):
                if now - since >= HEARTBEAT_S:
                    self.say(f"  {label}: {check} still running ({now - since:.0f} s)")

    def close(self) -> None:
        self._stop.set()


class Live(Progress):
    """The terminal's view (rich): running checks with elapsed time below, finished exercises above.
    Labels may be learners' folder names (batch): every one goes in as a Text, never as markup."""

    def __init__(self, total: int = 0, verbose: bool = False, console=None):
        from rich.console import Console
        from rich.live import Live as RichLive

        super().__init__(total)
        self.verbose = verbose
        self.console = console or Console(stderr=True)
        self.live = RichLive(get_renderable=self._table, console=self.console, transient=True,
                             refresh_per_second=4, redirect_stdout=False, redirect_stderr=False)
        self.live.start()

    def _table(self):
        from rich.spinner import Spinner
        from rich.table import Table
        from rich.text import Text

        table = Table.grid(padding=(0, 1))
        now = time.monotonic()
        for label, (check, since) in list(self.running.items()):
            table.add_row(Spinner("dots", style="cyan"), Text(label), Text(check),
                          Text(f"{now - since:.0f} s", style="dim"))
        table.add_row("", Text(f"{self.done} of {self.total} exercises done", style="dim"), "", "")
        return table

    def printed(self, label: str, text: str) -> None:
        from rich.text import Text

        for line in text.splitlines():
            self.console.print(Text(f"  {label} | {line}", style="dim"))

    def step(self, exercise: str, text: str, fraction: float | None = None) -> None:
        from rich.text import Text

        super().step(exercise, text, fraction)
        style = "dim" if fraction is None else "green" if fraction >= 1 else "yellow" if fraction > 0 else "red"
        self.console.print(Text.assemble((f"{text:>12}", style), f"  {exercise}"))

    def close(self) -> None:
        self.live.stop()


def _labels(running: dict, exercise: str) -> list[str]:
    """The running entries of ``exercise``: its own and its reference run's."""
    return [k for k in running if k == exercise or k.startswith(exercise + " (")]


def choose(total: int, quiet: bool = False, verbose: bool = False, stream: TextIO | None = None) -> Progress:
    """The display for a run of ``total`` exercises: live on a terminal, plain lines for ``-q`` (and for
    ``-v`` off a terminal), nothing in CI logs and pipes otherwise."""
    stream = stream or sys.stderr
    terminal = stream.isatty() and not os.environ.get("CI")
    if quiet:
        return Lines(total, stream=stream)
    if terminal:
        return Live(total, verbose)
    if verbose:
        return Lines(total, verbose=True, stream=stream)
    return Progress(total)
