"""Reports: a graded run as text for people and as versioned JSON for machines.

The JSON schema is documented in docs/report-schema.md; bump SCHEMA_VERSION whenever a
field changes meaning or disappears (adding a field is compatible).
"""
from __future__ import annotations

import datetime
import json
import textwrap

from grader.result import CheckResult, ExerciseResult, Report

SCHEMA = "coursekit-report"
SCHEMA_VERSION = 1


def now() -> str:
    """The time a report is stamped with: UTC, to the second, ISO 8601."""
    return datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
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
    return "\n\n".join(blocks) + "\n\n" + "\n".join([total, *_notes(report)]) + "\n"


def _notes(report: Report) -> list[str]:
    """What the total means: public checks only, skipped checks, a sandbox that could not isolate."""
    footer = []
    if not report.hidden:
        footer.append("Public checks only: hidden checks were not run, so this is not a final score.")
    skipped = sum(c.status == "skipped" for e in report.exercises for c in e.checks)
    if skipped:
        footer.append(f"{skipped} check(s) skipped on this device ({report.device}); they count for nothing either way.")
    if report.sandbox != "isolated":
        footer.append(f"Sandbox: {report.sandbox}.")
    return footer


STYLE = {"passed": "green", "failed": "red", "error": "bold red", "skipped": "dim"}


def to_terminal(report: Report, console) -> None:
    """The text report drawn with rich on a terminal: a table per exercise, status in colour. Every
    piece of the learner's text goes in as a Text, never as markup, so it prints as written."""
    from rich.table import Table
    from rich.text import Text

    for e in report.exercises:
        title = Text.assemble((e.id, "bold"), f"  {e.title}  ", (_score(e.points, e.max_points), STYLE[e.status]))
        table = Table(box=None, show_header=False, padding=(0, 1), expand=True, title=title, title_justify="left")
        table.add_column("status", width=8, no_wrap=True)
        table.add_column("check", ratio=1)
        table.add_column("points", justify="right", no_wrap=True)
        for c in e.checks:
            name = Text(c.name) + (Text(" (hidden)", style="dim") if c.hidden else Text(""))
            score = "" if c.status == "skipped" else _score(c.points, c.max_points)
            table.add_row(Text(MARK[c.status], style=STYLE[c.status]), name, score)
            for message in c.feedback:
                table.add_row("", Text(message, style="dim" if c.status == "skipped" else ""), "")
        if e.output and e.status != "passed":
            table.add_row("", Text("your code printed (last lines):\n" +
                                   "\n".join(e.output.strip().splitlines()[-5:]), style="dim"), "")
        console.print(table)
        console.print()
    total = f"{_score(report.points, report.max_points)}  ({report.percent:.1f}%)"
    style = "green" if report.percent == 100 else "red" if report.points == 0 else "yellow"
    console.print(Text.assemble(("Total ", "bold"), (total, style)))
    for note in _notes(report):
        console.print(Text(note, style="yellow"))


def to_markdown(report: Report) -> str:
    """A summary for GitHub's step summary or a pull-request comment."""
    icon = {"passed": "✅", "failed": "❌", "error": "💥", "skipped": "⏭️"}
    lines = [f"### coursekit: {_score(report.points, report.max_points)} ({report.percent:.1f}%)", "",
             "| exercise | points | |", "|---|---:|---|"]
    for e in report.exercises:
        lines.append(f"| `{e.id}` {_md(e.title)} | {_score(e.points, e.max_points)} | {icon[e.status]} |")
    wrong = [(e, c) for e in report.exercises for c in e.checks if c.status in ("failed", "error")]
    if wrong:
        lines += ["", "<details><summary>What to look at</summary>", ""]
        for e, c in wrong:
            first = c.feedback[0] if c.feedback else c.status
            lines.append(f"- `{c.id}`{' (hidden)' if c.hidden else ''}: {_md(first)}")
        lines += ["", "</details>"]
    if not report.hidden:
        lines += ["", "_Public checks only: hidden checks were not run, so this is not a final score._"]
    return "\n".join(lines) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def to_junit(report: Report) -> str:
    """JUnit XML: one testsuite per exercise, one testcase per check."""
    from xml.etree import ElementTree as ET

    def count(checks, status):
        return str(sum(c.status == status for c in checks))

    every = [c for e in report.exercises for c in e.checks]
    root = ET.Element("testsuites", name="coursekit", tests=str(len(every)), failures=count(every, "failed"),
                      errors=count(every, "error"), skipped=count(every, "skipped"))
    for e in report.exercises:
        suite = ET.SubElement(root, "testsuite", name=e.id, tests=str(len(e.checks)),
                              failures=count(e.checks, "failed"), errors=count(e.checks, "error"),
                              skipped=count(e.checks, "skipped"), time=f"{e.duration_s:.3f}",
                              timestamp=report.graded_at.removesuffix("Z"))
        for c in e.checks:
            case = ET.SubElement(suite, "testcase", classname=e.id, name=c.name, time=f"{c.duration_s:.3f}")
            if c.hidden:
                ET.SubElement(ET.SubElement(case, "properties"), "property", name="hidden", value="true")
            text = "\n".join(c.feedback)
            first = c.feedback[0] if c.feedback else c.status
            if c.status in ("failed", "error", "skipped"):
                tag = {"failed": "failure", "error": "error", "skipped": "skipped"}[c.status]
                kind = {"failed": c.error or "wrong", "error": c.error or "error", "skipped": ""}[c.status]
                ET.SubElement(case, tag, message=first, **({"type": kind} if kind else {})).text = text
            ET.SubElement(case, "system-out").text = f"points: {_fmt(c.points)} / {_fmt(c.max_points)}"
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def to_gradescope(report: Report) -> str:
    """Gradescope's results.json: hidden checks become visible once grades are published."""
    tests = []
    for e in report.exercises:
        for c in e.checks:
            tests.append({
                "name": f"{c.id}{' (hidden)' if c.hidden else ''}",
                "score": c.points, "max_score": c.max_points,
                "status": "passed" if c.status in ("passed", "skipped") else "failed",
                "output": "\n".join(c.feedback) if c.status != "skipped" else "skipped: " + "; ".join(c.feedback),
                "visibility": "after_published" if c.hidden else "visible"})
    body = {"score": report.points, "output": f"{_score(report.points, report.max_points)} "
                                              f"({report.percent:.1f}%), torch {report.torch} on {report.device}",
            "execution_time": round(sum(e.duration_s for e in report.exercises)),
            "visibility": "visible", "stdout_visibility": "hidden", "tests": tests}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


def to_classroom(report: Report) -> str:
    """GitHub Classroom's autograding result (what its grading reporter reads, base64-encoded, from
    ``<RUNNER>_RESULTS``): the points of every check, and the total Classroom records."""
    status = {"passed": "pass", "skipped": "pass", "failed": "fail", "error": "error"}
    tests = [{"name": f"{c.id}{' (hidden)' if c.hidden else ''}", "status": status[c.status],
              "score": c.points, "max_score": c.max_points,
              "message": ("skipped: " if c.status == "skipped" else "") + "\n".join(c.feedback)}
             for e in report.exercises for c in e.checks]
    worst = "error" if any(t["status"] == "error" for t in tests) else \
        "fail" if any(t["status"] == "fail" for t in tests) else "pass"
    body = {"version": 1, "status": worst, "max_score": report.max_points, "tests": tests}
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"


FORMATS = {"text": to_text, "json": to_json, "markdown": to_markdown, "junit": to_junit, "gradescope": to_gradescope,
           "classroom": to_classroom}
