"""Stubs: exercises/ is written from solutions/, never by hand, so the two cannot drift.

In a solution file, the code a learner must write sits between a ``# BEGIN SOLUTION``
line and a ``# END SOLUTION`` line. The stub keeps everything else (imports, signatures,
docstrings, helpers) and puts ``raise NotImplementedError`` where the block was, at the
block's indentation. Lines inside the block that start with ``# HINT`` stay in the stub.
"""
from __future__ import annotations

from pathlib import Path

from grader.course import Course
from grader.errors import UsageError

BEGIN, END, HINT = "# BEGIN SOLUTION", "# END SOLUTION", "# HINT"


def stub_source(text: str, name: str = "<source>") -> str:
    """The learner's version of one solution file."""
    out: list[str] = []
    start = None
    for number, line in enumerate(text.splitlines(keepends=True), 1):
        marker = line.strip()
        if marker == BEGIN:
            if start is not None:
                raise UsageError(f"{name}:{number}: {BEGIN} inside the block opened at line {start}")
            start = number
            out.append(line[: len(line) - len(line.lstrip())] + "raise NotImplementedError\n")
        elif marker == END:
            if start is None:
                raise UsageError(f"{name}:{number}: {END} without a {BEGIN}")
            start = None
        elif start is None:
            out.append(line)
        elif marker.startswith(HINT):
            out.insert(len(out) - 1, line)
    if start is not None:
        raise UsageError(f"{name}:{start}: {BEGIN} is never closed by {END}")
    return "".join(out)


def expected(course: Course) -> dict[Path, str]:
    """Every stub file (path under exercises/) with the text it must have."""
    stubs = {}
    for lecture in course.lectures:
        folder = course.solutions / lecture.dir
        for path in sorted(folder.rglob("*.py")):
            if "__pycache__" in path.parts:
                continue
            target = course.exercises_dir / lecture.dir / path.relative_to(folder)
            stubs[target] = stub_source(path.read_text(), str(path.relative_to(course.root)))
    return stubs


def write(course: Course) -> list[Path]:
    """Regenerate exercises/ from solutions/; returns the files that changed."""
    changed = []
    for path, text in expected(course).items():
        if not path.is_file() or path.read_text() != text:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
            changed.append(path)
    return changed


def drift(course: Course) -> list[str]:
    """What is out of sync between exercises/ and solutions/, one line each."""
    problems = []
    for path, text in expected(course).items():
        rel = path.relative_to(course.root)
        if not path.is_file():
            problems.append(f"{rel} is missing; run `coursekit stubs`")
        elif path.read_text() != text:
            problems.append(f"{rel} differs from its solution's stub; run `coursekit stubs`")
    return problems
