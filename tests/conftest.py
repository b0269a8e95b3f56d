"""Shared fixtures: grade real or mutated code through the real sandbox.

Every test grades through the same path a learner's `coursekit grade` takes: a fork of
the zygote, plain data back, verdicts in this process. References are cached in a
temporary folder for the session, so each is computed once per test run.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

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
    sandbox.start()


@pytest.fixture(scope="session")
def course():
    from grader import course as courses
    return courses.load(ROOT)


@pytest.fixture(scope="session")
def toy():
    from grader import course as courses
    return courses.load(TOY)


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
