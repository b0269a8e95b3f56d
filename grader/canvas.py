"""A gradebook as Canvas's gradebook import reads it, through a roster from folder names to Canvas.

Canvas imports a CSV whose columns are Student, ID, SIS User ID, SIS Login ID, Section, then one
column per assignment (its name as Canvas exports it, "Lecture 2 (123456)", updates that
assignment; a new name creates one), with an optional "Points Possible" row under the header.
Canvas matches a row to a student by ID, SIS User ID or SIS Login ID.

The roster maps each learner's name in the batch (their folder's, notebook's or LMS files' name:
the gradebook's ``learner`` column) to those: a CSV with a ``learner`` column and any of Canvas's
five, e.g. Canvas's own gradebook export with a ``learner`` column added. Nobody is dropped
without a word: learners graded but not in the roster, roster entries with no graded submission,
and learners whose submission could not be graded are all listed, and left out of the export.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from grader.errors import UsageError

COLUMNS = ("Student", "ID", "SIS User ID", "SIS Login ID", "Section")
MATCHED_ON = ("ID", "SIS User ID", "SIS Login ID")          # what Canvas finds a student by
POINTS_POSSIBLE = "Points Possible"


@dataclass
class Export:
    csv: str
    exported: int = 0
    not_in_roster: list[str] = field(default_factory=list)     # graded learners without a roster row
    no_submission: list[str] = field(default_factory=list)     # roster entries nobody graded matches
    not_graded: list[str] = field(default_factory=list)        # learners whose row is an error, and why


def _rows(path: Path, what: str) -> tuple[list[str], list[dict]]:
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:      # Excel writes a byte-order mark
            reader = csv.DictReader(f)
            return list(reader.fieldnames or []), list(reader)
    except FileNotFoundError:
        raise UsageError(f"{path}: no such {what}") from None
    except (UnicodeDecodeError, csv.Error) as e:
        raise UsageError(f"{path}: not a readable CSV {what} ({e})") from None


def read_roster(path: Path) -> tuple[dict[str, dict], list[dict]]:
    """({learner: their Canvas columns}, roster entries with no learner), in the roster's order."""
    header, rows = _rows(path, "roster")
    by_lower = {h.strip().lower(): h for h in header if h}
    if "learner" not in by_lower:
        raise UsageError(f"{path}: no `learner` column (each row's learner as the batch names them: their folder)")
    if not any(c.lower() in by_lower for c in MATCHED_ON):
        raise UsageError(f"{path}: no {', '.join(MATCHED_ON[:-1])} or {MATCHED_ON[-1]} column; Canvas needs one "
                         f"to find each student")
    mapped, unmapped = {}, []
    for n, row in enumerate(rows, 2):
        canvas = {c: (row.get(by_lower.get(c.lower(), "")) or "").strip() for c in COLUMNS}
        if canvas["Student"] == POINTS_POSSIBLE:             # the row under Canvas's own header
            continue
        who = (row.get(by_lower["learner"]) or "").strip()
        if not any(canvas[c] for c in MATCHED_ON):
            if not who and not canvas["Student"]:
                continue                                     # an empty line
            raise UsageError(f"{path}, line {n}: {who or canvas['Student']} has no {' / '.join(MATCHED_ON)}")
        if not who:
            unmapped.append(canvas)
        elif who in mapped:
            raise UsageError(f"{path}, line {n}: learner {who!r} is in the roster twice")
        else:
            mapped[who] = canvas
    return mapped, unmapped


def read_gradebook(path: Path) -> list[dict]:
    header, rows = _rows(path, "gradebook")
    if not {"learner", "points", "max_points"} <= set(header):
        raise UsageError(f"{path}: not a gradebook written by `coursekit batch` or `merge` "
                         f"(no learner, points and max_points columns)")
    return rows


def number(x: float) -> str:
    """A score as Canvas shows it: at most two decimals, none that are zero (6.0 is 6)."""
    return f"{x:.2f}".rstrip("0").rstrip(".")


def export(gradebook: Path, roster: Path, assignment: str, points_possible: float | None = None) -> Export:
    """The Canvas import CSV of ``gradebook``'s points for ``assignment``: the roster's rows that have a
    graded learner, in the roster's order; ``points_possible`` rescales (10/20 becomes 50 of 100)."""
    if not assignment.strip():
        raise UsageError("--assignment: give the assignment's column as Canvas exports it, e.g. 'Lecture 2 (123456)'")
    if assignment in COLUMNS:
        raise UsageError(f"--assignment {assignment!r}: that is one of Canvas's student columns")
    mapped, unmapped = read_roster(roster)
    rows = read_gradebook(gradebook)
    result = Export(csv="")
    graded: dict[str, tuple[float, float]] = {}
    for row in rows:
        who, status = row["learner"], row.get("status") or "graded"
        try:
            points, possible = float(row["points"]), float(row["max_points"])
        except ValueError:
            raise UsageError(f"{gradebook}: {who}'s points {row['points']!r} / {row['max_points']!r} "
                             f"are no numbers") from None
        if who not in mapped:
            result.not_in_roster.append(who)
        elif status != "graded":
            result.not_graded.append(f"{who} ({status}{': ' + row['error'] if row.get('error') else ''})")
        else:
            graded[who] = (points, possible)
    in_gradebook = {r["learner"] for r in rows}
    result.no_submission = [f"{who} ({c['Student']})" if c["Student"] else who
                            for who, c in mapped.items() if who not in in_gradebook]
    result.no_submission += [c["Student"] or next(c[k] for k in MATCHED_ON if c[k]) for c in unmapped]
    most = max((p for _, p in graded.values()), default=0.0)
    scale = points_possible if points_possible is not None else most

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*COLUMNS, assignment])
    writer.writerow([POINTS_POSSIBLE, *[""] * (len(COLUMNS) - 1), number(scale)])
    for who, canvas in mapped.items():
        if who in graded:
            points, possible = graded[who]
            score = points if points_possible is None else (points / possible * points_possible if possible else 0.0)
            writer.writerow([*(canvas[c] for c in COLUMNS), number(score)])
            result.exported += 1
    result.csv = out.getvalue()
    return result
