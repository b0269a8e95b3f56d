"""Reports: a graded run as text for people and as versioned JSON for machines.

The JSON schema is documented in docs/report-schema.md; bump SCHEMA_VERSION whenever a
field changes meaning or disappears (adding a field is compatible).
"""
from __future__ import annotations

import json
import textwrap

from grader.result import CheckResult, ExerciseResult, Report

SCHEMA = "coursekit-report"
SCHEMA_VERSION = 1
WIDTH = 88
MARK = {"passed": "passed", "failed": "FAILED", "error": "ERROR", "skipped": "skipped"}


def to_json(report: Report) -> str:
    body = {"schema": SCHEMA, "version": SCHEMA_VERSION, "points": report.points,
            "max_points": report.max_points, "percent": round(report.percent, 2), **report.to_dict()}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def _fmt(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".") if x != int(x) else str(int(x))


def _score(points: float, max_points: float) -> str:
    return f"{_fmt(points)} / {_fmt(max_points)}"


def _line(left: str, right: str) -> str:
    return f"{left:<{WIDTH - len(right) - 1}} {right}"


def exercise_text(e: ExerciseResult) -> str:
    lines = [_line(f"{e.id}  {e.title}", _score(e.points, e.max_points))]
    for c in e.checks:
        lines += check_text(c)
    if e.output and e.status != "passed":
        lines.append("    your code printed (last lines):")
        lines += ["      " + line for line in e.output.strip().splitlines()[-5:]]
    return "\n".join(lines)


def check_text(c: CheckResult) -> list[str]:
    name = c.name + (" (hidden)" if c.hidden else "")
    score = "" if c.status == "skipped" else _score(c.points, c.max_points)
    lines = [_line(f"  {MARK[c.status]:<8}{name}", score)]
    for message in c.feedback:
        for i, part in enumerate(message.splitlines()):
            indent = "            " if i else "          "
            lines += textwrap.wrap(part, WIDTH, initial_indent=indent, subsequent_indent=indent + "  ") or [""]
    return lines


def to_text(report: Report) -> str:
    blocks = [exercise_text(e) for e in report.exercises]
    total = _line("Total", f"{_score(report.points, report.max_points)}  ({report.percent:.1f}%)")
    footer = [total]
    if not report.hidden:
        footer.append("Public checks only: hidden checks were not run, so this is not a final score.")
    skipped = sum(c.status == "skipped" for e in report.exercises for c in e.checks)
    if skipped:
        footer.append(f"{skipped} check(s) skipped on this device ({report.device}); they count for nothing either way.")
    if report.sandbox != "isolated":
        footer.append(f"Sandbox: {report.sandbox}.")
    return "\n\n".join(blocks) + "\n\n" + "\n".join(footer) + "\n"
