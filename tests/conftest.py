"""Shared fixtures: grade real or mutated code through the real sandbox.

Every test grades through the same path a learner's `coursekit grade` takes: a fork of
the zygote, plain data back, verdicts in this process. References are cached in a
temporary folder for the session, so each is computed once per test run.
"""
from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOY = ROOT / "tests" / "toy"


@pytest.fixture(scope="session", autouse=True)
def environment(tmp_path_factory):
    """Datasets from ../shared/datasets (or $COURSEKIT_DATA); a private reference cache; one thread."""
    os.environ.setdefault("COURSEKIT_DATA", str(ROOT.parent / "shared" / "datasets"))
    os.environ["COURSEKIT_CACHE"] = str(tmp_path_factory.mktemp("coursekit-cache"))
    import torch
    torch.set_num_threads(1)     # as in the sandbox; on 2 shared cores more threads only contend
    from grader import sandbox
    sandbox.start("grader.checks", str(ROOT))


def solution_modules(lecture_dir: str, *names: str) -> SimpleNamespace:
    """solutions/<lecture_dir>/<name>.py, each imported as the sandbox imports a learner's file:
    by plain name, so `from engine import Value` finds its sibling. Afterwards every module of
    that folder is kept in sys.modules under a private name only ("lecture1_solution_engine"),
    so other lectures' files of the same names (train, gpt, …) never meet them."""
    folder = ROOT / "solutions" / lecture_dir
    saved = {n: m for n, m in sys.modules.items() if (folder / f"{n}.py").is_file()}
    for n in saved:
        del sys.modules[n]
    sys.path.insert(0, str(folder))
    try:
        modules = {n: importlib.import_module(n) for n in names}
    finally:
        sys.path.remove(str(folder))
        for n in [n for n in sys.modules if (folder / f"{n}.py").is_file()]:
            sys.modules[f"{lecture_dir}_solution_{n}"] = sys.modules.pop(n)
        sys.modules.update(saved)
    return SimpleNamespace(**modules)


@pytest.fixture(scope="session")
def course():
    from grader import course as courses
    return courses.load(ROOT)


@pytest.fixture(scope="module")
def words() -> list[str]:
    """The names of names.txt, as the lectures read them (a fresh list for each test module)."""
    from grader import data
    return data.locate(data.manifest(ROOT / "datasets" / "manifest.yaml")["names"], download=False) \
        .read_text().splitlines()


@pytest.fixture(scope="session")
def toy():
    from grader import course as courses
    return courses.load(TOY)


def comparable(report) -> dict:
    """A report's JSON without what two gradings of the same work may differ in: when, and how long."""
    import json

    from grader.report import to_json
    body = json.loads(to_json(report))
    body.pop("graded_at")
    for e in body["exercises"]:
        e.pop("duration_s")
    return body


def grade(course, targets, submission: Path, hidden: bool = True, timeout: float | None = None):
    """A Report for ``targets`` of the submission folder, graded like the CLI does."""
    from grader import engine
    options = engine.Options(submission=submission, hidden=hidden, timeout=timeout, jobs=1)
    return engine.grade(course, course.resolve(list(targets)), options)


def copy_lecture(course, lecture_dir: str, dest: Path) -> Path:
    """A copy of solutions/<lecture_dir> as a submission folder; returns the submission root."""
    shutil.copytree(course.solutions / lecture_dir, dest / lecture_dir,
                    ignore=shutil.ignore_patterns("__pycache__"))
    return dest


@pytest.fixture
def grade_mutant(course, tmp_path):
    """grade_mutant("lecture2.E04", "indexing.py", old, new) -> ExerciseResult of the edited reference.

    The edit must apply exactly as written (a test whose mutation silently stopped
    applying would prove nothing).
    """
    def run(target: str, file: str, old: str, new: str, count: int = 1):
        ex = course.resolve([target])[0]
        root = copy_lecture(course, ex.dir, Path(tempfile.mkdtemp(dir=tmp_path)))
        path = root / ex.dir / file
        text = path.read_text()
        assert text.count(old) == count, f"{file}: expected {count} occurrence(s) of {old!r}"
        path.write_text(text.replace(old, new))
        return grade(course, [target], root).exercise(ex.id)
    return run


@pytest.fixture
def grade_toy(toy, tmp_path):
    """grade_toy({"answer.py": source}) -> Report of the toy course with those files replaced."""
    def run(files: dict[str, str], targets=("basics",), **kwargs):
        root = copy_lecture(toy, "basics", Path(tempfile.mkdtemp(dir=tmp_path)))
        for name, source in files.items():
            (root / "basics" / name).write_text(source)
        return grade(toy, targets, root, **kwargs)
    return run


def refused(line: str, what: str) -> str:
    """The feedback every check of an exercise shows when a file of the submission reaches past the
    source rule that holds for every submission (grader.source.grader_reach): nothing is run."""
    return (f"{line}: {what} is dynamic access, not allowed in a submission (dynamic access hides what the code "
            f"calls from the grader's check of your source: write the call out by name); no check of this "
            f"exercise was run")
