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

from grader import __version__, engine, report as reports, submission
from grader.check import load_checks, package_hash
from grader.files import write_atomic
from grader.course import Course, Exercise
from grader.errors import UsageError
from grader.progress import Progress
from grader.text import printable

GRADED, ERROR, UNRECOGNISED = "graded", "error", "unrecognised"       # a gradebook row's status


@dataclass(frozen=True)
class Learner:
    name: str                       # the entry's name: the gradebook's first column
    work: Path | tuple[Path, ...]   # what they handed in (grader/submission.py), or their LMS flat files
    problem: str = ""               # why the entry is no submission at all (its row says so)


def learners(submissions: Path) -> list[Learner]:
    """One learner per entry of ``submissions``, sorted by name: a folder (a clone of the bundle too),
    a notebook, a zip, or the LMS flat files of one name (``hank_12345_bigram.py``). Any other entry
    is a learner too, whose row says why it was not graded: nobody is dropped without a word."""
    if not submissions.is_dir():
        raise UsageError(f"{submissions}: expected a folder with one folder per learner")
    found, flat = [], {}
    for entry in sorted(submissions.iterdir(), key=lambda p: os.fsencode(p.name)):
        if entry.name.startswith("."):
            continue
        parts = submission.lms_parts(entry.name) if entry.is_file() else None
        if parts:
            flat.setdefault(parts[0], []).append(entry)
        elif submission.kind(entry) in ("folder", "notebook", "zip"):
            found.append(Learner(_readable(entry.name if entry.is_dir() else entry.stem), entry))
        else:
            found.append(Learner(_readable(entry.name), entry, problem=f"{UNRECOGNISED}: {_readable(entry.name)} "
                                 f"is no folder, notebook, zip or LMS file (<learner>_<id>_<file>.py)"))
    for name, files in flat.items():
        one_notebook = len(files) == 1 and files[0].suffix == ".ipynb"
        found.append(Learner(_readable(name), files[0] if one_notebook else tuple(files)))
    found.sort(key=lambda p: os.fsencode(p.name))
    twice = sorted({p.name for p in found if sum(q.name == p.name for q in found) > 1})
    if twice:
        raise UsageError(f"{submissions}: {twice[0]} is handed in twice (a folder, a notebook, a zip or LMS "
                         f"files of that name); keep one")
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
    """What a learner's grade depends on: what they handed in, the references, the checks, the options."""
    h = hashlib.sha256(submission.content_hash(learner.work).encode())
    for ex in exercises:
        h.update(ex.id.encode())
        folder = course.solutions / ex.dir
        h.update(submission.content_hash(folder).encode() if folder.is_dir() else b"-")
    h.update(f"{package_hash(course.checks)}|{options.device}|{options.hidden}|{options.timeout}".encode())
    return h.hexdigest()


def grade_all(course: Course, exercises: list[Exercise], people: list[Learner], reports_dir: Path,
              options: engine.Options, jobs: int,
              progress: Progress | None = None) -> list[dict]:
    """Grade every learner not already graded; returns all their report bodies, in order.

    ``progress`` shows each learner as a step: running, then their percent (and why, if not graded)."""
    progress = progress or Progress(len(people))
    reports_dir.mkdir(parents=True, exist_ok=True)
    load_checks(course.checks, course.root)

    def one(learner: Learner) -> dict:
        path = reports_dir / f"{learner.name}.json"
        progress.start(learner.name)
        try:
            body, reused = graded(learner, path)
        except Exception as e:       # this learner's row says why; the batch goes on
            body, reused = error_body(learner, exercises, f"{type(e).__name__}: {e}"), False
        if not reused:
            write_atomic(path, json.dumps(body, indent=2, ensure_ascii=False) + "\n")
        note = " (already graded)" if reused else f" ({body['error']})" if body.get("error") else ""
        progress.step(learner.name, f"{body['percent']:.1f}%{note}", body["percent"] / 100)
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
        if learner.problem:
            return {**error_body(learner, exercises, learner.problem, UNRECOGNISED), "fingerprint": stamp}, False
        work = list(learner.work) if isinstance(learner.work, tuple) else learner.work
        try:
            with submission.opened(course, work, exercises, strict=False) as sub:
                result = sub.finish(engine.grade(course, exercises, engine.Options(
                    submission=sub.folder, device=options.device, hidden=options.hidden,
                    timeout=options.timeout, jobs=1)))
        except UsageError as e:      # what they handed in cannot be opened, and will not be until it changes
            where = (work[0] if isinstance(work, list) else work).parent
            return {**error_body(learner, exercises, str(e).replace(f"{where}/", "")), "fingerprint": stamp}, False
        return {**json.loads(reports.to_json(result)), "learner": learner.name, "status": GRADED,
                "fingerprint": stamp}, False

    pool = ThreadPoolExecutor(jobs)
    try:
        return list(pool.map(one, people))
    finally:                     # on Ctrl-C, don't wait for the learners still running
        pool.shutdown(wait=False, cancel_futures=True)


def error_body(learner: Learner, exercises: list[Exercise], why: str, status: str = ERROR) -> dict:
    """The report of a learner whose submission could not be graded at all: 0 points, and why.

    Without a fingerprint (a crash of the grader's own) the next run of the batch tries again; what
    cannot be opened gets one, and is tried again once it changes."""
    return {"schema": reports.SCHEMA, "version": reports.SCHEMA_VERSION, "learner": learner.name,
            "points": 0.0, "max_points": sum(ex.points for ex in exercises), "percent": 0.0, "status": status,
            "error": printable(why, cap=300), "graded_at": reports.now(), "coursekit": __version__,
            "exercises": [{"id": ex.id, "title": ex.title, "points": 0.0, "max_points": ex.points, "checks": []}
                          for ex in exercises]}


ROW_TAIL = ("status", "error", "graded_at", "coursekit", "fingerprint")


def gradebook(bodies: list[dict]) -> str:
    """CSV: learner, total points, possible, percent, one column per exercise, then the row's status
    (graded, error, unrecognised), why it could not be graded, when, by which coursekit, and the
    fingerprint of what was graded."""
    columns = sorted({e["id"] for b in bodies for e in b["exercises"]},
                     key=lambda i: next(n for b in bodies for n, e in enumerate(b["exercises"]) if e["id"] == i))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["learner", "points", "max_points", "percent", *columns, *ROW_TAIL])
    for b in sorted(bodies, key=lambda b: b["learner"]):
        by_id = {e["id"]: e["points"] for e in b["exercises"]}
        writer.writerow([b["learner"], b["points"], b["max_points"], b["percent"],
                         *(by_id.get(c, "") for c in columns), *(b.get(k, "") for k in ROW_TAIL)])
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
    first = bodies[0]
    for f, body in zip(files, bodies):
        if _targets(body) != _targets(first):
            raise UsageError(f"{f}: graded on {_describe(body)}, but {seen[first['learner']]} on {_describe(first)}; "
                             f"merge reports of one batch's targets only")
        if body.get("coursekit") != first.get("coursekit"):
            raise UsageError(f"{f}: graded by coursekit {body.get('coursekit') or '(unknown)'}, but "
                             f"{seen[first['learner']]} by {first.get('coursekit') or '(unknown)'}; regrade one of them")
    return bodies


def _targets(body: dict) -> list[str]:
    return [e["id"] for e in body["exercises"]]


def _describe(body: dict) -> str:
    ids = _targets(body)
    return f"{len(ids)} exercise{'s' if len(ids) != 1 else ''} ({', '.join(ids[:3])}{', …' if len(ids) > 3 else ''})"
