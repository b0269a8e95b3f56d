"""A notebook as a submission: the folder the engine grades, and the way back to the cells.

The engine only ever sees a folder of ``.py`` files; what it reports about them (a missing
file, a line of a module) is turned back here into what the learner wrote: a cell, a line
of that cell, or why no module could be made for an exercise.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from grader.notebook.assembly import Module
from grader.text import printable

@dataclass
class Submission:
    """A submission ready for the engine: a folder, and for a notebook the way back to its cells."""
    folder: Path
    notebook: Path | None = None
    modules: dict[str, Module] = field(default_factory=dict)      # "lecture2/bigram.py" -> Module
    reasons: dict[str, str] = field(default_factory=dict)         # exercise id -> why it has no module
    errors: set[str] = field(default_factory=set)                 # of those, the ones graded as an error
    notes: list[str] = field(default_factory=list)

    def finish(self, report):
        """The report with the notebook as its submission and its places in cells.

        Read from the results' fields, never from their wording: a check whose file was not
        there (``error == "missing"``) is told why no module was made for its exercise (an
        error, not a failure, where the notebook could not say which code to grade), and
        each (file, line) its feedback names (``frames``, reported by the sandbox) is shown
        as the cell and line it came from. Text that merely looks like a place is left alone."""
        if self.notebook is None and not self.modules:
            return report
        if self.notebook is not None:
            report.submission = str(self.notebook)
        for e in report.exercises:
            folder = e.module.rsplit("/", 1)[0] if "/" in e.module else ""
            first = None
            for c in e.checks:
                if c.error == "missing" and e.id in self.reasons:
                    c.feedback = [printable(self.reasons[e.id])]      # it may quote a file name
                    if e.id in self.errors:                           # said once, as the engine says its errors
                        c.status = "error"
                        c.feedback = [f"not run (see {first.name})"] if first else c.feedback
                        first = first or c
                    continue
                for file, line in dict.fromkeys(c.frames):
                    module = self.modules.get(f"{folder}/{file}")
                    where = module.where(line) if module else None
                    if where:
                        c.feedback = [_repoint(m, file, line, where) for m in c.feedback]
        return report


def _repoint(text: str, file: str, line: int, where: str) -> str:
    """``text`` with each mention of line ``line`` of ``file`` replaced by ``where``: as a
    traceback names it (``File "bigram.py", line 57``) or as the sandbox's messages do
    (``bigram.py, line 57``). A mention must be whole: not ``line 570``, not ``xbigram.py``."""
    for said in (f'File "{file}", line {line}', f"{file}, line {line}"):
        parts, start = [], 0
        while (at := text.find(said, start)) >= 0:
            end = at + len(said)
            before = text[at - 1:at]
            whole = not text[end:end + 1].isdigit() and not (before.isalnum() or before in ("_", ".", "/", "-"))
            parts.append(text[start:at] + (where if whole else said))
            start = end
        text = "".join(parts) + text[start:]
    return text


def _write(modules: dict[str, Module], folder: Path) -> None:
    for rel, module in modules.items():
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(module.text)
