"""Bundles: what a learner gets (``release``) and what Gradescope runs (``gradescope``).

A bundle holds the stubs, the grader, course.yaml and the dataset manifest, and never
the solutions. Without solutions a check still needs something to compare with, so the
bundle carries the reference *results* of its checks (``references/<check id>.pt``),
computed here by the same probes: for a student bundle only the public checks' (whose
inputs the public check code shows anyway), for Gradescope's private autograder the
hidden checks' too. Hidden check code ships only in the autograder.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path

import grader
from grader import engine, sandbox
from grader.check import checks_for
from grader.course import Course
from grader.errors import UsageError
from grader.files import write_atomic
from grader.progress import Progress

TEMPLATES = Path(__file__).parent / "templates"
SKIP = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")


def build(course: Course, out: Path, hidden: bool, progress: Progress | None = None) -> Path:
    """Write a bundle into ``out`` (which must not exist yet); hidden checks only if ``hidden``.

    It is assembled beside ``out`` and renamed into place, so a failure leaves nothing behind.
    ``progress`` shows the reference runs, which take the time.
    """
    if out.exists():
        raise UsageError(f"--out {out}: already exists; give a new folder")
    if out.resolve().is_relative_to(course.root.resolve()):
        raise UsageError(f"--out {out}: must be outside the course folder")
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as work:
        _assemble(course, Path(work) / "bundle", hidden)
        write_references(course, Path(work) / "bundle" / "references", hidden, progress or Progress())
        os.replace(Path(work) / "bundle", out)
    return out


def _assemble(course: Course, out: Path, hidden: bool) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*", *([] if hidden else ["hidden"]))
    package = Path(grader.__file__).parent
    own_checks = course.checks != "grader.checks"
    shutil.copytree(package, out / "grader", ignore=lambda folder, names: (
        set(ignore(folder, names)) | ({n for n in names if n != "__init__.py"}
                                      if own_checks and Path(folder) == package / "checks" else set())))
    if own_checks:          # a course with a check package of its own, beside course.yaml
        relative = Path(*course.checks.split("."))
        shutil.copytree(course.root / relative, out / relative, ignore=ignore)
    shutil.copytree(course.exercises_dir, out / "exercises", ignore=SKIP)
    shutil.copytree(course.exercises_dir, out / "stubs", ignore=SKIP)   # as released: `coursekit notebook` starts from it
    (out / "datasets").mkdir()
    shutil.copy(course.manifest, out / "datasets" / "manifest.yaml")
    shutil.copy(course.root / "course.yaml", out / "course.yaml")
    shutil.copy(package.parent / "pyproject.toml", out / "pyproject.toml")
    shutil.copy(TEMPLATES / "learner-README.md", out / "README.md")
    (out / ".github" / "workflows").mkdir(parents=True)
    shutil.copy(TEMPLATES / "grade-workflow.yml", out / ".github" / "workflows" / "grade.yml")


def write_references(course: Course, folder: Path, hidden: bool, progress: Progress) -> None:
    """The reference result of every check that ships, computed from solutions/ in the sandbox."""
    folder.mkdir(parents=True, exist_ok=True)
    for ex in course.exercises:
        checks = [c for c in checks_for(ex.id, course.checks, course.root)
                  if c.device == "cpu" and c.reference and (hidden or not c.hidden)]
        job = engine.make_job(course, ex, engine.Options(submission=course.solutions), checks)
        for check_id, outcome in engine.references(course, ex, checks, job, progress).items():
            if outcome.error:
                raise UsageError(f"the reference solution fails {check_id} ({outcome.message}); "
                                 f"run `coursekit validate`")
            write_atomic(folder / f"{check_id}.pt", sandbox.dump_plain(outcome.data))
        progress.step(ex.id, f"{len(checks)} reference results")


def autograder_zip(course: Course, out: Path, targets: list[str], work: Path,
                   progress: Progress | None = None) -> Path:
    """Gradescope's autograder: setup.sh, run_autograder and a bundle with hidden checks."""
    bundle = build(course, work / "coursekit", hidden=True, progress=progress)
    grade_args = " ".join(targets) if targets else "--all"
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in ("setup.sh", "run_autograder"):
            text = (TEMPLATES / f"gradescope-{name}").read_text().replace("@TARGETS@", grade_args)
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFREG | 0o755) << 16
            z.writestr(info, text)
        for path in sorted(bundle.rglob("*")):
            if path.is_file():
                z.write(path, Path("coursekit") / path.relative_to(bundle))
    return out
