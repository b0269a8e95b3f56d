"""Feedback inside a notebook: ``check()``'s result as a table in Jupyter, the text report elsewhere.

Everything shown comes from the report, whose learner-derived text the engine has already made
printable (``grader.text.printable``); the HTML escapes all of it again, since a learner's
output or exception message may hold markup (``<script>``) that printable leaves alone.
"""
from __future__ import annotations

import html


class Feedback:
    """check()'s result: a table in Jupyter (``_repr_html_``), the text report elsewhere."""

    def __init__(self, report, notes: list[str] | None = None):
        self.report = report
        self.notes = list(notes or [])

    points = property(lambda self: self.report.points)
    max_points = property(lambda self: self.report.max_points)
    percent = property(lambda self: self.report.percent)

    def __str__(self) -> str:
        from grader import report as reports
        text = reports.to_text(self.report)
        return text + "".join(f"Note: {n}\n" for n in self.notes)

    __repr__ = __str__

    def _repr_html_(self) -> str:
        from grader.report import _score
        color = {"passed": "#1a7f37", "failed": "#cf222e", "error": "#9a6700", "skipped": "#6e7781"}
        esc = html.escape
        left = "text-align:left;vertical-align:top;padding:2px 8px"
        rows = []
        for e in self.report.exercises:
            rows.append(f'<tr style="border-top:1px solid #ccc"><td style="{left}" colspan="2"><b>{esc(e.id)}</b> '
                        f'{esc(e.title)}</td><td style="{left};white-space:nowrap"><b>'
                        f'{esc(_score(e.points, e.max_points))}</b></td><td></td></tr>')
            for k in e.checks:
                name = esc(k.name) + (" <i>(hidden)</i>" if k.hidden else "")
                score = "" if k.status == "skipped" else esc(_score(k.points, k.max_points))
                feedback = "<br>".join(
                    f'<pre style="margin:0;white-space:pre-wrap">{esc(m)}</pre>' if "\n" in m else esc(m)
                    for m in k.feedback)
                rows.append(f'<tr><td style="{left};padding-left:24px">{name}</td>'
                            f'<td style="{left};color:{color[k.status]}"><b>{esc(k.status)}</b></td>'
                            f'<td style="{left};white-space:nowrap">{score}</td><td style="{left}">{feedback}</td></tr>')
            if e.output and e.status != "passed":
                out = esc("\n".join(e.output.strip().splitlines()[-5:]))
                rows.append(f'<tr><td style="{left};padding-left:24px" colspan="3">your code printed</td>'
                            f'<td style="{left}"><pre style="margin:0;white-space:pre-wrap">{out}</pre></td></tr>')
        r = self.report
        rows.append(f'<tr style="border-top:2px solid #888"><td style="{left}" colspan="2"><b>Total</b></td>'
                    f'<td style="{left};white-space:nowrap" colspan="2"><b>{esc(_score(r.points, r.max_points))} '
                    f'({r.percent:.1f}%)</b></td></tr>')
        foot = []
        if not r.hidden:
            foot.append("Public checks only: hidden checks were not run, so this is not a final score.")
        if r.sandbox != "isolated":
            foot.append(f"Sandbox: {r.sandbox}.")
        foot += [f"Note: {n}" for n in self.notes]
        return ('<div class="coursekit-feedback"><table style="border-collapse:collapse">'
                f'<tr><th style="{left}">exercise / check</th><th style="{left}">result</th>'
                f'<th style="{left}">points</th><th style="{left}">feedback</th></tr>'
                + "".join(rows) + "</table>" + "".join(f"<p>{esc(f)}</p>" for f in foot) + "</div>")
