"""The public API inside a running kernel: ``check("lecture2.bigram", globals())`` and ``dataset``.

``check`` builds the lecture's modules from the kernel (``kernel.kernel_modules``) and grades
them through the same engine and sandbox as ``coursekit grade``. Importing it must stay
light (no torch): it is the first cell of every generated notebook.
"""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

from grader.errors import UsageError
from grader.notebook.feedback import Feedback
from grader.notebook.folder import Submission, _write
from grader.notebook.kernel import kernel_modules



def find_course(course: str | Path | None = None):
    """The course: ``course``, else $COURSEKIT_COURSE or the nearest course.yaml above the current
    folder, else the one this package was installed from."""
    from grader import course as courses

    if course is not None:
        return courses.load(Path(course).resolve())
    try:
        return courses.load()
    except UsageError:
        here = Path(__file__).resolve().parents[2]      # grader/notebook/api.py -> the course
        if (here / courses.COURSE_FILE).is_file():
            return courses.load(here)
        raise


def dataset(name: str, course: str | Path | None = None) -> str:
    """The text of one of the course's datasets (found, or downloaded and verified, as
    ``coursekit data fetch`` does), for a notebook's own experiments."""
    from grader import data

    c = find_course(course)
    entries = data.manifest(c.manifest)
    if name not in entries:
        raise UsageError(f"unknown dataset {name!r}; the manifest has {', '.join(entries)}")
    return data.locate(entries[name]).read_text()


def check(target: str | list[str], namespace: dict, *, hidden: bool = True, device: str = "auto",
          timeout: float | None = None, course: str | Path | None = None) -> "Feedback":
    """Grade the exercises ``target`` names (``"lecture2.bigram"``, ``"lecture2"``, or a list) from
    the code this notebook ran, in the sandbox, like ``coursekit grade``; returns the feedback."""
    from grader import engine, sandbox

    c = find_course(course)
    sandbox.start(c.checks, str(c.root))
    exercises = c.resolve([target] if isinstance(target, str) else list(target))
    if device == "auto" or device == "cuda":
        import torch
        if device == "cuda" and not torch.cuda.is_available():
            raise UsageError("device='cuda': CUDA is not available on this machine")
        device = "cuda" if torch.cuda.is_available() else "cpu"
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="coursekit-check-") as tmp:
        sub = Submission(folder=Path(tmp))
        expected = None
        for lec in c.lectures:
            mine = [e for e in exercises if e.lecture == lec.id]
            if not mine:
                continue
            if expected is None and (c.solutions / lec.dir).is_dir():
                from grader import stubs
                expected = stubs.expected(c)
            modules, more, empty = kernel_modules(c, lec, namespace, {e.module for e in mine}, expected)
            sub.modules.update(modules)
            notes += more
            sub.reasons.update({e.id: empty[e.module] for e in mine if e.module in empty})
        _write(sub.modules, sub.folder)
        options = engine.Options(submission=sub.folder, device=device, hidden=hidden, timeout=timeout,
                                 jobs=min(4, os.cpu_count() or 1))
        report = sub.finish(engine.grade(c, exercises, options))
    report.submission = "notebook"
    return Feedback(report, notes)
