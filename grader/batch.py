"""Grading a class: one report per learner, a gradebook, resumable and shardable.

Each learner's report is written atomically as soon as they are graded, with a
fingerprint of what was graded (their files, the targets, the options, the checks). A
rerun skips every learner whose fingerprint still matches, so an interrupted batch
loses nothing and regrades no one; the gradebook is rebuilt from the reports at the end.
Shards (``--shard K/N``) split the sorted learners deterministically, and ``merge``
joins the shards' reports into one gradebook.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from grader import engine, notebook, report as reports
from grader.check import load_checks, package_hash
from grader.files import tree_hash, write_atomic
from grader.course import Course, Exercise
from grader.errors import UsageError
from grader.text import printable


@dataclass(frozen=True)
class Learner:
    name: str           # the folder's name: the gradebook's first column
    folder: Path        # the folder holding their lecture folders, or their .ipynb notebook


def learners(submissions: Path) -> list[Learner]:
    """One learner per folder (a clone of the course works too) or .ipynb notebook of
    ``submissions``, sorted by name."""
    if not submissions.is_dir():
        raise UsageError(f"{submissions}: expected a folder with one folder per learner")
    found = []
    for entry in sorted(submissions.iterdir(), key=lambda p: os.fsencode(p.name)):
        if entry.suffix == ".ipynb" and entry.is_file() and not entry.name.startswith("."):
            found.append(Learner(_readable(entry.stem), entry))      # graded as the folder its cells make
            continue
        if entry.name.startswith(".") or not entry.is_dir():
            continue
        inner = entry / "exercises"
        found.append(Learner(_readable(entry.name), inner if inner.is_dir() else entry))
    twice = sorted({p.name for p in found if sum(q.name == p.name for q in found) > 1})
    if twice:
        raise UsageError(f"{submissions}: {twice[0]} has both a folder and a notebook; keep one")
    if not found:
        raise UsageError(f"{submissions}: no learner folders in it")
    return found


def _readable(name: str) -> str:
    """A folder's name as the gradebook shows it: bytes that are not UTF-8 become U+FFFD."""
    return os.fsencode(name).decode("utf-8", "replace")


def shard(items: list[Learner], spec: str | None) -> list[Learner]:
    """The K-th of N slices (1-based), by position in the sorted list: every learner in exactly one."""
    if not spec:
        return items
    try:
        k, n = (int(x) for x in spec.split("/"))
        assert 1 <= k <= n
    except (ValueError, AssertionError):
        raise UsageError(f"--shard {spec}: expected K/N with 1 <= K <= N, e.g. 2/4") from None
    return items[k - 1::n]


def fingerprint(course: Course, learner: Learner, exercises: list[Exercise], options: engine.Options) -> str:
    """What a learner's grade depends on: their files, the references, the checks, the options."""
    h = hashlib.sha256()
    if learner.folder.is_file():                       # a notebook
        h.update(hashlib.sha256(learner.folder.read_bytes()).digest())
    for ex in exercises:
        h.update(ex.id.encode())
        for folder in (learner.folder / ex.dir, course.solutions / ex.dir):
            h.update(tree_hash(folder).encode() if folder.is_dir() else b"-")
    h.update(f"{package_hash(course.checks)}|{options.device}|{options.hidden}|{options.timeout}".encode())
    return h.hexdigest()


def grade_all(course: Course, exercises: list[Exercise], people: list[Learner], reports_dir: Path,
              options: engine.Options, jobs: int,
              progress: Callable[[Learner, dict, bool], None] | None = None) -> list[dict]:
    """Grade every learner not already graded; returns all their report bodies, in order."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    load_checks(course.checks, course.root)

    def one(learner: Learner) -> dict:
        path = reports_dir / f"{learner.name}.json"
        try:
            body, reused = graded(learner, path)
        except Exception as e:       # this learner's row says why; the batch goes on
            body, reused = error_body(learner, exercises, e), False
        if not reused:
            write_atomic(path, json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        if progress:
            progress(learner, body, reused)
        return body

    def graded(learner: Learner, path: Path) -> tuple[dict, bool]:
        """The learner's report, and whether it was already there for exactly these files and options."""
        stamp = fingerprint(course, learner, exercises, options)
        if path.is_file():
            try:
                body = json.loads(path.read_text())
                if body.get("fingerprint") == stamp:
                    return body, True
            except ValueError:
                pass                    # unreadable: grade again
        with notebook.submission(course, learner.folder, exercises, strict=False) as sub:
            result = sub.finish(engine.grade(course, exercises, engine.Options(
                submission=sub.folder, device=options.device, hidden=options.hidden,
                timeout=options.timeout, jobs=1)))
        return {**json.loads(reports.to_json(result)), "learner": learner.name, "fingerprint": stamp}, False

    pool = ThreadPoolExecutor(jobs)
    try:
        return list(pool.map(one, people))
    finally:                     # on Ctrl-C, don't wait for the learners still running
        pool.shutdown(wait=False, cancel_futures=True)


def error_body(learner: Learner, exercises: list[Exercise], e: Exception) -> dict:
    """The report of a learner whose submission could not be graded at all: 0 points, and why.

    It carries no fingerprint, so the next run of the batch tries this learner again."""
    why = printable(f"{type(e).__name__}: {e}", cap=300)
    return {"schema": reports.SCHEMA, "version": reports.SCHEMA_VERSION, "learner": learner.name,
            "points": 0, "max_points": sum(ex.points for ex in exercises), "percent": 0.0, "error": why,
            "exercises": [{"id": ex.id, "title": ex.title, "points": 0, "max_points": ex.points, "checks": []}
                          for ex in exercises]}


def gradebook(bodies: list[dict]) -> str:
    """CSV: learner, total points, possible, percent, one column per exercise, and why a
    learner could not be graded (empty for those who were)."""
    columns = sorted({e["id"] for b in bodies for e in b["exercises"]},
                     key=lambda i: next(n for b in bodies for n, e in enumerate(b["exercises"]) if e["id"] == i))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "points", "max_points", "percent", *columns, "error"])
    for b in sorted(bodies, key=lambda b: b["learner"]):
        by_id = {e["id"]: e["points"] for e in b["exercises"]}
        writer.writerow([b["learner"], b["points"], b["max_points"], b["percent"],
                         *(by_id.get(c, "") for c in columns), b.get("error", "")])
    return out.getvalue()


def read_reports(paths: list[Path]) -> list[dict]:
    """Learner reports from files and folders of them (for `coursekit merge`)."""
    files = []
    for p in paths:
        if p.is_dir():
            files += sorted(p.glob("*.json"))
        elif p.is_file():
            files.append(p)
        else:
            raise UsageError(f"{p}: no such file or folder")
    bodies, seen = [], {}
    for f in files:
        try:
            body = json.loads(f.read_text())
        except (ValueError, UnicodeDecodeError):
            raise UsageError(f"{f}: not a JSON report") from None
        if not isinstance(body, dict) or body.get("schema") != reports.SCHEMA or "learner" not in body:
            raise UsageError(f"{f}: not a learner report written by `coursekit batch`")
        if body["learner"] in seen:
            raise UsageError(f"{f}: learner {body['learner']!r} is also in {seen[body['learner']]}")
        seen[body["learner"]] = f
        bodies.append(body)
    if not bodies:
        raise UsageError("no reports found in " + ", ".join(map(str, paths)))
    return bodies
