"""A notebook as a submission: the folder the engine grades, and the way back to the cells.

The engine only ever sees a folder of ``.py`` files; what it reports about them (a missing
file, a line of a module) is turned back here into what the learner wrote: a cell, a line
of that cell, or why no module could be made for an exercise.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from grader.notebook.assembly import Module



@dataclass
class Submission:
    """A submission ready for the engine: a folder, and for a notebook the way back to its cells."""
    folder: Path
    notebook: Path | None = None
    modules: dict[str, Module] = field(default_factory=dict)      # "lecture2/bigram.py" -> Module
    reasons: dict[str, str] = field(default_factory=dict)         # exercise id -> why it has no module
    notes: list[str] = field(default_factory=list)

    def finish(self, report):
        """The report with the notebook as its submission and its line numbers in cells."""
        if self.notebook is None and not self.modules:
            return report
        if self.notebook is not None:
            report.submission = str(self.notebook)
        for e in report.exercises:
            folder = e.module.rsplit("/", 1)[0] if "/" in e.module else ""
            for c in e.checks:
                c.feedback = [self.reasons.get(e.id, m) if m == f"{e.module} is missing" else self._point(m, folder)
                              for m in c.feedback]
        return report

    def _point(self, message: str, folder: str) -> str:
        def sub(m: re.Match) -> str:
            module = self.modules.get(f"{folder}/{m['file']}")
            where = module.where(int(m["line"])) if module else None
            return where or m[0]
        return re.sub(r'(?:File ")?(?P<file>[\w./-]+\.py)"?, line (?P<line>\d+)', sub, message)


def _write(modules: dict[str, Module], folder: Path) -> None:
    for rel, module in modules.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(module.text)
