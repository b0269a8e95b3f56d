"""Notebooks: a lecture as a Jupyter notebook, a notebook as a submission, feedback inside it.

Three things, built on one idea: a notebook is turned into the lecture folder it stands
for (one ``.py`` per stub file), and that folder is graded exactly like any other, so
the engine, the sandbox and the judges know nothing of notebooks.

- ``coursekit notebook lecture2`` writes a notebook from the stubs (``stubs.expected``):
  per stub file, the statement in markdown (exercise titles from course.yaml, the
  module's docstring) and one code cell holding the stub's code, tagged with the ids of
  its exercises (cell metadata ``tags``, e.g. ``["lecture2.bigram"]``).
- ``coursekit grade lecture2 --submission work.ipynb`` reads only cell *sources* (never
  outputs), takes each module from the cells tagged for it, falls back to the untagged
  cells' imports, functions, classes and constants where no cell is tagged, writes the
  modules into a temporary folder and grades that. Feedback lines that point into a
  module (``bigram.py, line 57``) are pointed back at the notebook (``cell 5, line 12``).
- ``check("lecture2.bigram", globals())`` in a running notebook builds the same modules
  from the kernel: the cells that defined the exercise's functions (found through the
  functions' code objects, whose source IPython keeps in ``linecache``), then grades
  them through the same sandbox. It grades what the learner *ran*, not the saved file,
  so it needs no save, no notebook path, and works in Jupyter, VS Code and Colab alike.
  Taking whole cells (not single functions from the namespace) keeps the modules apart
  where two stub files define the same name (lecture 2's ``bigram_loss`` is in
  neural.py and indexing.py): each module is rebuilt from its own cell.

Whichever way a module is assembled, its top-level statements pass one filter: imports,
functions and classes stay; any other statement stays only if every name it uses is
bound above it in the module (or is a builtin). So ``print(bigram_counts(words, stoi))``
or a training loop over the notebook's ``words`` is left out, while a stub's own
module-level code (``stoi['.'] = 0``) is kept. Names the module uses but does not define
(a helper written in a cell of its own) are looked up in the untagged cells, or in the
kernel's namespace, and added.
"""
from __future__ import annotations

import ast
import builtins
import contextlib
import html
import importlib
import inspect
import json
import linecache
import os
import re
import symtable
import sys
import tempfile
import types
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from grader.errors import UsageError

FORMAT = 4                                    # the nbformat major version read and written
BUILTINS = frozenset(dir(builtins))
IPYTHON_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "display"})
ALWAYS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
DEFS = ("FunctionDef", "AsyncFunctionDef", "ClassDef")
MAGIC = re.compile(r"^(\s*)[%!]")             # an IPython magic or shell line
DATA_NAMES = {"names": ("words", ".splitlines()", "the 32,033 names of makemore"),
              "tinyshakespeare": ("text", "", "tiny Shakespeare, 1,115,394 characters")}


# --------------------------------------------------------------------------- statements

@dataclass(eq=False)
class Stmt:
    """One top-level statement: its lines, where they came from, what it binds and needs."""
    text: str                          # whole source lines, ending in a newline
    label: str | None                  # "cell 5", "In [7]"; None for a line coursekit wrote
    line: int                          # first line of ``text`` in that cell
    end: int                           # last line of ``text`` in that cell
    binds: frozenset[str]
    needs: frozenset[str]              # names it uses that it does not bind (builtins removed)
    always: bool                       # an import, function or class: kept whatever it needs
    origin: object = None              # the cell it came from (statements of one cell join up)
    literal: bool = False              # an assignment of a constant (kept from untagged cells)
    src: str = ""                      # the whole source it was parsed from
    kind: str = ""                     # the ast node's type: FunctionDef, ClassDef, Import, ...


def _scope_names(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(names bound at the top level, free names used anywhere) of a piece of module code."""
    table = symtable.symtable(text, "<cell>", "exec")
    binds = {s.get_name() for s in table.get_symbols() if s.is_assigned() or s.is_imported()}
    needs = {s.get_name() for s in table.get_symbols() if s.is_referenced() and s.get_name() not in binds}

    def walk(t: symtable.SymbolTable) -> None:
        for child in t.get_children():
            needs.update(s.get_name() for s in child.get_symbols() if s.is_global() and s.is_referenced())
            walk(child)
    walk(table)
    needs -= BUILTINS
    return frozenset(binds), frozenset(n for n in needs if not (n.startswith("__") and n.endswith("__")))


def statements(source: str, label: str | None, origin: object = None) -> list[Stmt]:
    """The top-level statements of ``source`` (which must parse)."""
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    out = []
    for node in tree.body:
        start = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        text = "".join(lines[start - 1:node.end_lineno])
        text += "" if text.endswith("\n") else "\n"
        try:
            binds, needs = _scope_names(text)
        except SyntaxError:        # shares a line with another statement: analyse the node alone
            binds, needs = _scope_names(ast.unparse(node))
        literal = isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None and _is_literal(node.value) \
            and all(isinstance(t, ast.Name) for t in (node.targets if isinstance(node, ast.Assign) else [node.target]))
        out.append(Stmt(text, label, start, node.end_lineno, binds, needs, isinstance(node, ALWAYS),
                        origin if origin is not None else source, literal, source, type(node).__name__))
    return out


def _is_literal(node: ast.AST) -> bool:
    try:
        ast.literal_eval(node)
        return True
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False


def runnable(stmts: list[Stmt]) -> tuple[list[Stmt], list[tuple[Stmt, list[str]]]]:
    """Keep imports, functions and classes, and the statements whose names are all bound above."""
    bound: set[str] = set()
    kept, left_out = [], []
    for s in stmts:
        missing = sorted(s.needs - bound)
        if s.always or not missing:
            kept.append(s)
            bound |= s.binds
        else:
            left_out.append((s, missing))
    return kept, left_out


def assemble(base: list[Stmt], roots: Iterable[str], provide: Callable[[str], Stmt | None]) \
        -> tuple[list[Stmt], list[str]]:
    """``base`` plus, in front of it, whatever defines the names that ``roots`` and the functions
    and classes of ``base`` use but ``base`` does not bind, from ``provide``; returns the
    statements and the names nothing provided."""
    seen = set().union(*(s.binds for s in base)) if base else set()
    added: list[Stmt] = []
    missing: list[str] = []

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        s = provide(name)
        if s is None:
            if name not in BUILTINS:
                missing.append(name)
            return
        for n in sorted(s.needs):
            visit(n)
        if not any(s is a for a in added):
            added.append(s)
            seen.update(s.binds)

    for name in roots:
        visit(name)
    for s in base:                      # what functions and classes use; other statements that use
        for name in sorted(s.needs) if s.always else ():     # notebook variables are left out later
            visit(name)
    return added + base, missing


@dataclass
class Module:
    """A module assembled from cells: its text, and where each of its lines came from."""
    file: str
    stmts: list[Stmt]
    text: str = ""
    spans: list[tuple[int, int, str, int]] = field(default_factory=list)   # module lines a..b <- label, line

    def __post_init__(self) -> None:
        chunks: list[str] = []
        line = 1
        prev: Stmt | None = None
        for s in self.stmts:
            same = prev is not None and s.label is not None and s.origin is prev.origin
            if same and s.line <= prev.end:
                continue                         # on a line already taken: `import a; import b`
            gap = s.src.splitlines(keepends=True)[prev.end:s.line - 1] if same else None
            if gap is not None and all(not g.strip() or g.lstrip().startswith("#") for g in gap):
                text, first = "".join(gap) + s.text, prev.end + 1      # comments between them stay
            else:
                text, first = ("\n" if chunks else "") + s.text, s.line - (1 if chunks else 0)
            n = text.count("\n")
            if s.label is not None:
                self.spans.append((line, line + n - 1, s.label, first))
            chunks.append(text)
            line += n
            prev = s
        self.text = "".join(chunks)

    def where(self, line: int) -> str | None:
        for a, b, label, first in self.spans:
            if a <= line <= b:
                return f"{label}, line {first + line - a}"
        return None


def stub_names(stub: str, functions_only: bool = False) -> list[str]:
    """The names a stub file defines at its top level (not the ones it imports), in order."""
    names = []
    for node in ast.parse(stub).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.append(node.name)
        elif isinstance(node, (ast.Assign, ast.AnnAssign)) and not functions_only:
            for t in node.targets if isinstance(node, ast.Assign) else [node.target]:
                names += [n.id for n in ast.walk(t) if isinstance(n, ast.Name)]
    return list(dict.fromkeys(names))


# --------------------------------------------------------------------------- the course's stubs

def stub_texts(course, lecture, expected: dict | None = None) -> dict[str, str]:
    """{file under the lecture's folder: its stub} for the files the lecture needs (see
    ``_needed``): from solutions/, or in a student bundle (no solutions) from exercises/."""
    if (course.solutions / lecture.dir).is_dir():
        from grader import stubs
        prefix = course.exercises_dir / lecture.dir
        expected = stubs.expected(course) if expected is None else expected
        return _needed(lecture, {p.relative_to(prefix).as_posix(): t for p, t in expected.items()
                                 if p.parent == prefix})
    folder = course.exercises_dir / lecture.dir
    return _needed(lecture, {p.name: p.read_text() for p in sorted(folder.glob("*.py"))})


def split_docstring(text: str) -> tuple[str, str]:
    """(the module docstring, the code after it) of a stub."""
    body = ast.parse(text).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        lines = text.splitlines(keepends=True)
        code = "".join(lines[:body[0].lineno - 1] + lines[body[0].end_lineno:]).lstrip("\n")
        return inspect.cleandoc(body[0].value.value), code
    return "", text


def _lecture(course, name: str):
    if "." in name:
        raise UsageError(f"{name}: give a lecture, such as lecture2, not an exercise")
    first = course.resolve([name])[0]
    return next(lec for lec in course.lectures if lec.id == first.lecture)


def _sibling_imports(text: str, names: set[str]) -> set[str]:
    """The modules among ``names`` that ``text`` imports by plain name (``from gpt import …``)."""
    found = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.ImportFrom) and not node.level:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found & names


def _needed(lecture, texts: dict[str, str]) -> dict[str, str]:
    """The files of ``lecture``'s exercises and, transitively, those they import: helpers, or
    another lecture's modules in a shared folder (the addition's training imports lecture 7's
    gpt.py). The rest of the folder stays out (lecture 7's notebook has no addition)."""
    names = {f.removesuffix(".py") for f in texts}
    needed, todo = set(), [e.module for e in lecture.exercises if e.module in texts]
    while todo:
        f = todo.pop()
        if f not in needed:
            needed.add(f)
            todo += [f"{m}.py" for m in _sibling_imports(texts[f], names)]
    return {f: text for f, text in texts.items() if f in needed}


def _files(course, lecture, stubs: dict[str, str]) -> list[tuple[str, list]]:
    """The lecture's stub files in course order, each with its exercises (helpers first)."""
    order = {}
    for e in lecture.exercises:
        order.setdefault(e.module, []).append(e)
    helpers = [f for f in stubs if f not in order]
    return [(f, []) for f in helpers] + [(f, exs) for f, exs in order.items() if f in stubs]


def _tags(lecture, file: str, exercises: list) -> list[str]:
    return [e.id for e in exercises] or [f"{lecture.dir}/{file}"]


def _cell_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]+", "-", text).strip("-")[:64]


# --------------------------------------------------------------------------- writing a notebook

def build(course, lecture, expected: dict | None = None):
    """The learner notebook of ``lecture`` (an nbformat NotebookNode), from the stubs."""
    import nbformat
    from nbformat import v4

    stubs = stub_texts(course, lecture, expected)
    files = _files(course, lecture, stubs)
    names = {f.removesuffix(".py") for f in stubs}
    sibling = sorted({m for text in stubs.values() for m in _sibling_imports(text, names)})
    datasets = list(dict.fromkeys(d for e in lecture.exercises for d in e.datasets))
    video = f": [the video]({lecture.video})" if lecture.video else ""
    example = lecture.exercises[0].id if lecture.exercises else lecture.id
    intro = (f"# {lecture.title}\n\n"
             f"Lecture `{lecture.id}` of *{course.title}*{video}.\n\n"
             f"Each exercise below has its statement and a code cell to fill in: replace every "
             f"`raise NotImplementedError` with your code, run the cell, then run the `check(...)` "
             f"cell under it to see what is right and what is wrong. The last cell grades the whole "
             f"lecture.\n\n"
             f"- Each exercise cell carries a tag naming its exercise (`{example}`, …): "
             f"`coursekit grade {lecture.id} --submission {lecture.id}.ipynb` grades the saved "
             f"notebook from those cells, the same way.\n"
             f"- Add cells of your own for experiments, plots and training runs: they are not graded. "
             f"Your functions are graded in a sandbox, on inputs the checks make; they must not "
             f"rely on this notebook's variables.\n"
             f"- `check` grades what you have *run*: run a cell again after editing it.")
    setup = ["from grader.notebook import check   # check(\"…\", globals()) grades the code you ran, like `coursekit grade`"]
    if sibling:
        setup += ["", "# The lecture's files import each other (`from " + sibling[0] + " import …`): here they "
                  "find the functions of this notebook.",
                  "import sys",
                  f"sys.modules.update(dict.fromkeys({json.dumps(sibling)}, sys.modules[\"__main__\"]))"]
    if datasets:
        setup += ["", "from grader.notebook import dataset   # the course's data, for your own experiments"]
        for name in datasets:
            var, suffix, what = DATA_NAMES.get(name, (re.sub(r"\W", "_", name), "", f"the {name} dataset"))
            setup.append(f"{var} = dataset({json.dumps(name)}){suffix}   # {what}")
    cells = [v4.new_markdown_cell(intro), v4.new_code_cell("\n".join(setup))]
    cells[0].id, cells[1].id = "intro", "setup"
    for file, exercises in files:
        doc, code = split_docstring(stubs[file])
        tags = _tags(lecture, file, exercises)
        head = "\n".join(f"## `{e.id}`: {e.title} ({e.points:g} points)" for e in exercises) \
            or f"## `{lecture.dir}/{file}` (used by the exercises below)"
        where = f"*Your code goes in the cell below (file `{lecture.dir}/{file}`, cell tag " + \
                ", ".join(f"`{t}`" for t in tags) + ").*"
        statement = v4.new_markdown_cell(f"{head}\n\n{doc}\n\n{where}" if doc else f"{head}\n\n{where}")
        work = v4.new_code_cell(code.rstrip("\n"), metadata={"tags": tags})
        statement.id, work.id = _cell_id(f"about-{file}"), _cell_id(f"code-{file}")
        cells += [statement, work]
        if exercises:
            target = json.dumps(exercises[0].id if len(exercises) == 1 else [e.id for e in exercises])
            grade = v4.new_code_cell(f"check({target}, globals())")
            grade.id = _cell_id(f"check-{file}")
            cells.append(grade)
    score = v4.new_markdown_cell(f"## Your score\n\nRun every cell above first (Run → Run All Cells), then "
                                 f"this one: it grades all of `{lecture.id}`.")
    final = v4.new_code_cell(f"check({json.dumps(lecture.id)}, globals())")
    score.id, final.id = "score", "grade-all"
    cells += [score, final]
    nb = v4.new_notebook(cells=cells, metadata={
        "kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
        "language_info": {"name": "python"},
        "coursekit": {"lecture": lecture.id, "course": course.title}})
    nbformat.validate(nb)
    return nb


def write(course, lecture_name: str, out: Path | None, force: bool = False) -> Path:
    """Write ``lecture_name``'s notebook to ``out`` (default ``<lecture>.ipynb`` here)."""
    import nbformat

    lecture = _lecture(course, lecture_name)
    out = out or Path(f"{lecture.id}.ipynb")
    if out.suffix != ".ipynb":
        raise UsageError(f"--out {out}: a notebook's name ends in .ipynb")
    if out.is_dir():
        raise UsageError(f"--out {out}: is a folder; give a file name such as {out / (lecture.id + '.ipynb')}")
    if out.exists() and not force:
        raise UsageError(f"--out {out}: already exists and may hold your work; rerun with --force to overwrite it")
    from grader.files import write_atomic
    write_atomic(out, nbformat.writes(build(course, lecture)) + "\n")
    return out


# --------------------------------------------------------------------------- reading a notebook

@dataclass(frozen=True)
class Cell:
    number: int                  # 1-based, counting every cell from the top (markdown too)
    kind: str                    # code, markdown, raw
    source: str
    tags: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return f"cell {self.number}"


def read(path: Path) -> list[Cell]:
    """The cells of a notebook file: sources and tags only (outputs are never looked at)."""
    try:
        raw = path.read_bytes()
    except OSError as e:
        raise UsageError(f"{path}: cannot read it ({e.strerror})") from None
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: not a Jupyter notebook (not valid JSON: {str(e)[:80]})") from None
    return parse(data, str(path))


def parse(data: Any, name: str) -> list[Cell]:
    if not isinstance(data, dict) or "nbformat" not in data:
        raise UsageError(f"{name}: not a Jupyter notebook (no nbformat field)")
    version = data["nbformat"]
    if version != FORMAT:
        raise UsageError(f"{name}: notebook format {version!r}, coursekit reads format {FORMAT}; open the "
                         f"notebook in Jupyter and save it, which writes format {FORMAT}")
    raw_cells = data.get("cells")
    if not isinstance(raw_cells, list):
        raise UsageError(f"{name}: not a Jupyter notebook (no list of cells)")
    cells = []
    for number, c in enumerate(raw_cells, 1):
        source = c.get("source", "") if isinstance(c, dict) else None
        if isinstance(source, list) and all(isinstance(s, str) for s in source):
            source = "".join(source)
        if not isinstance(source, str):
            raise UsageError(f"{name}: cell {number} is malformed (its source is not text)")
        meta = c.get("metadata") if isinstance(c.get("metadata"), dict) else {}
        tags = meta.get("tags") if isinstance(meta.get("tags"), list) else []
        cells.append(Cell(number, str(c.get("cell_type", "")), source,
                          tuple(t for t in tags if isinstance(t, str))))
    return cells


def _parse_cell(cell: Cell, name: str, strict: bool) -> list[Stmt] | None:
    """A code cell's statements, IPython's %magic and !shell lines left out; a syntax error is a
    UsageError (strict) or None."""
    try:
        return statements(cell.source, cell.label, cell)
    except SyntaxError:
        pass
    lines = cell.source.splitlines(keepends=True)
    plain = "".join(MAGIC.sub(r"\1pass  # ", line, count=1) if MAGIC.match(line) else line for line in lines)
    try:
        return statements(plain, cell.label, cell)
    except SyntaxError as e:
        if strict:
            raise UsageError(f"{name}: cell {cell.number}, line {e.lineno}: syntax error ({e.msg})") from None
        return None


# --------------------------------------------------------------------------- notebook -> folder

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


def _cells(numbers: Iterable[int]) -> str:
    numbers = sorted(set(numbers))
    return ("cell " if len(numbers) == 1 else "cells ") + ", ".join(map(str, numbers))


def convert(course, path: Path, exercises: list, folder: Path, strict: bool = True) -> Submission:
    """Write the modules a notebook holds for ``exercises``' lectures into ``folder``."""
    sub = Submission(folder=folder, notebook=path)
    try:
        cells = read(path)
    except UsageError as e:
        if strict:
            raise
        sub.reasons = {ex.id: str(e) for ex in exercises}
        return sub
    name = str(path)
    lectures = [lec for lec in course.lectures if any(ex.lecture == lec.id for ex in exercises)]
    ids = {e.id for e in course.exercises}

    def ours(tag: str) -> bool:                   # an exercise id, or a helper file's tag (lecture3/util.py)
        return tag in ids or tag.endswith(".py")

    prefixes = tuple(f"{key}." for lec in course.lectures for key in (lec.id, *lec.aliases))
    for c in cells:
        for t in c.tags:
            if not ours(t) and t.startswith(prefixes):
                sub.notes.append(f"{name}: cell {c.number} is tagged {t!r}, which is no exercise of the course")
    code = [c for c in cells if c.kind == "code"]
    untagged = [c for c in code if not any(ours(t) for t in c.tags)]
    pool: dict[str, Stmt] | None = None

    def provide(name_: str) -> Stmt | None:
        nonlocal pool
        if pool is None:               # parsed only when a module needs something from them
            pool = {}
            for c in untagged:
                for s in _parse_cell(c, name, strict) or []:
                    if s.always or s.literal:
                        pool.update(dict.fromkeys(s.binds, s))
        return pool.get(name_)

    expected = None
    found_any = False
    for lec in lectures:
        if (course.solutions / lec.dir).is_dir():
            from grader import stubs
            expected = expected if expected is not None else stubs.expected(course)
        stubs_ = stub_texts(course, lec, expected)
        for file, exs in _files(course, lec, stubs_):
            tags = set(_tags(lec, file, exs)) | {f"{lec.dir}/{file}"}
            mine = [c for c in code if tags & set(c.tags)]
            targeted = [ex for ex in exercises if ex in exs]
            which = ", ".join(ex.id for ex in targeted)
            base: list[Stmt] = []
            raw = False
            for c in mine:
                parsed = _parse_cell(c, name, strict)
                if parsed is None:            # lenient: the sandbox reports the syntax error
                    raw = True
                    break
                base += parsed
            rel = f"{lec.dir}/{file}"
            if raw:
                text = "".join(c.source.rstrip("\n") + "\n" for c in mine)
                spans, line = [], 1
                for c in mine:
                    n = c.source.rstrip("\n").count("\n") + 1
                    spans.append((line, line + n - 1, c.label, 1))
                    line += n
                module = Module(file, [])
                module.text, module.spans = text, spans
                sub.modules[rel] = module
                found_any = True
                continue
            roots = stub_names(stubs_[file])
            stmts, missing = assemble(base, roots, provide)
            stmts, left_out = runnable(stmts)
            defined = [r for r in roots if r not in missing]
            if not base and not defined:
                if targeted:
                    sub.reasons.update({ex.id: f"no cell of {name} is tagged {ex.id}, and no untagged cell defines "
                                               f"{', '.join(roots[:4])}{', …' if len(roots) > 4 else ''}"
                                        for ex in targeted})
                    sub.notes.append(f"{which}: not found in {name} (no cell tagged {targeted[0].id}, and none of "
                                     f"{file}'s functions in its untagged cells)")
                continue
            found_any = True
            sub.modules[rel] = Module(file, stmts)
            if not targeted:
                continue
            used = [s.origin.number for s in stmts if isinstance(s.origin, Cell)]
            if mine:
                note = f"{which}: {_cells(c.number for c in mine)}"
                extra = sorted(set(used) - {c.number for c in mine})
                if extra:
                    note += f" (and from {_cells(extra)}: what they use)"
            else:
                note = (f"{which}: no cell is tagged {targeted[0].id}; took {', '.join(defined[:4])}"
                        f"{', …' if len(defined) > 4 else ''} from untagged {_cells(used)}")
            lacking = [r for r in roots if r in missing]
            if lacking:
                note += f"; not defined: {', '.join(lacking)}"
            if left_out:
                note += "; left out (they use notebook variables): " + "; ".join(
                    f"{s.label}, line {s.line} ({', '.join(m[:3])})" for s, m in left_out[:3])
            sub.notes.append(note)
    if not found_any and strict:
        lec = lectures[0] if lectures else None
        raise UsageError(f"{name}: no cell holds {lec.id if lec else 'these'} exercises: none is tagged with "
                         f"an exercise id (such as {exercises[0].id}) and no code cell defines their functions")
    _write(sub.modules, folder)
    return sub


@contextlib.contextmanager
def submission(course, path: Path, exercises: list, strict: bool = True,
               say: Callable[[str], None] | None = None) -> Iterator[Submission]:
    """A folder to grade: ``path`` itself, or for a ``.ipynb`` file a temporary lecture folder
    made from its cells (removed afterwards)."""
    if not (path.suffix == ".ipynb" and path.is_file()):
        yield Submission(folder=path)
        return
    with tempfile.TemporaryDirectory(prefix="coursekit-notebook-") as tmp:
        sub = convert(course, path, exercises, Path(tmp), strict)
        for note in sub.notes if say else ():
            say(note)
        yield sub


def grade(course, exercises: list, path: Path, grade_folder: Callable[[Path], Any],
          say: Callable[[str], None] | None = None):
    """``coursekit grade --submission work.ipynb``: grade the folder the notebook stands for."""
    say = say or (lambda line: print(line, file=sys.stderr))
    with submission(course, path, exercises, strict=True, say=say) as sub:
        return sub.finish(grade_folder(sub.folder))


def is_notebook(path: Path) -> bool:
    return path.suffix == ".ipynb" and path.is_file()


# --------------------------------------------------------------------------- kernel -> folder

def _main_names(ns: dict) -> set[str]:
    return {ns.get("__name__", "__main__"), "__main__"}


def _code_of(obj: Any, ns: dict) -> types.CodeType | None:
    """A code object defined by ``obj`` where the notebook defined it (a function, or a class's method)."""
    if getattr(obj, "__module__", None) not in _main_names(ns):
        return None
    if isinstance(obj, type):
        found = [inspect.unwrap(f).__code__ for v in vars(obj).values()
                 for f in (v, getattr(v, "__func__", None), getattr(v, "fget", None)) if isinstance(f, types.FunctionType)]
    else:
        f = inspect.unwrap(obj) if callable(obj) else obj
        found = [f.__code__] if isinstance(f, types.FunctionType) else []
    return next((code for code in found if linecache.getlines(code.co_filename)), None)


class Kernel:
    """The notebook's namespace, and the cells (sources from linecache) its definitions came from."""

    def __init__(self, ns: dict):
        self.ns = ns
        ip = ns.get("get_ipython")
        try:
            self.counts = dict(ip().compile._filename_map) if callable(ip) else {}
        except Exception:  # not IPython, or another version of it
            self.counts = {}
        self._parsed: dict[str, list[Stmt]] = {}
        self.unknown: dict[str, str] = {}      # name -> what it is, for names the grader cannot rebuild

    def label(self, filename: str) -> str:
        n = self.counts.get(filename)
        return f"In [{n}]" if n is not None else Path(filename).name

    def order(self, filename: str) -> int:
        return self.counts.get(filename, 0)

    def cell(self, filename: str) -> list[Stmt]:
        if filename not in self._parsed:
            source = "".join(linecache.getlines(filename))
            try:
                self._parsed[filename] = statements(source, self.label(filename), filename)
            except SyntaxError:
                self._parsed[filename] = []
        return self._parsed[filename]

    def where(self, name: str) -> tuple[str, Stmt] | None:
        """The cell and the statement that defined the namespace's ``name``."""
        code = _code_of(self.ns.get(name), self.ns)
        if code is None:
            return self._history(name)
        for s in self.cell(code.co_filename):
            if s.line <= code.co_firstlineno <= s.end and name in s.binds:
                return code.co_filename, s
        return self._history(name)

    def _history(self, name: str) -> tuple[str, Stmt] | None:
        """A class without methods has no code object: its definition is looked up in IPython's
        history of cell sources, latest first."""
        obj = self.ns.get(name)
        if not isinstance(obj, type) or obj.__module__ not in _main_names(self.ns):
            return None
        for key, stmts in reversed(self.history()):
            for s in stmts:
                if name in s.binds and s.kind == "ClassDef":
                    return key, s
        return None

    def history(self) -> list[tuple[str, list[Stmt]]]:
        """IPython's history of the cells run (``In``), oldest first, each parsed."""
        history = self.ns.get("In")
        out = []
        for n, source in enumerate(history if isinstance(history, list) else []):
            key = f"<In [{n}]>"
            if key not in self._parsed:
                try:
                    self._parsed[key] = statements(str(source), f"In [{n}]", key)
                except SyntaxError:
                    self._parsed[key] = []
            out.append((key, self._parsed[key]))
        return out

    def provide(self, name: str) -> Stmt | None:
        """A statement that rebuilds the namespace's ``name`` in a module, if the grader can."""
        if name not in self.ns or name in IPYTHON_NAMES or re.fullmatch(r"_+\d*|_i+\d*|_[iod]h", name):
            return None
        found = self.where(name)
        if found:
            return found[1]
        value = self.ns[name]
        text = _import_text(name, value)
        if text is None and _literal(value):
            text = f"{name} = {value!r}\n"
        if text is None:
            self.unknown[name] = type(value).__name__
            return None
        binds, needs = _scope_names(text)
        return Stmt(text, None, 0, 0, binds, needs, always=True, origin=object())


def _import_text(name: str, value: Any) -> str | None:
    if isinstance(value, types.ModuleType):
        real = value.__name__
        if real in ("__main__", "builtins") or real != getattr(sys.modules.get(real), "__name__", None):
            return None
        return f"import {real}\n" if real == name else f"import {real} as {name}\n"
    module, qual = getattr(value, "__module__", None), getattr(value, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(qual, str) or "." in qual or module in ("__main__", "builtins"):
        return None
    try:
        if getattr(importlib.import_module(module), qual) is not value:
            return None
    except Exception:  # not importable the way it claims
        return None
    return f"from {module} import {qual}\n" if qual == name else f"from {module} import {qual} as {name}\n"


def _literal(value: Any, depth: int = 0) -> bool:
    if depth > 10:
        return False
    if value is None or type(value) in (bool, int, float, complex, str, bytes):
        return type(value) is not float or value == value and abs(value) != float("inf")
    if type(value) in (list, tuple, set, frozenset):
        return len(value) <= 10_000 and all(_literal(v, depth + 1) for v in value)
    if type(value) is dict:
        return len(value) <= 10_000 and all(_literal(k, depth + 1) and _literal(v, depth + 1) for k, v in value.items())
    return False


def kernel_modules(course, lecture, ns: dict, targeted: set[str], expected: dict | None = None) \
        -> tuple[dict[str, Module], list[str], dict[str, str]]:
    """Every module of ``lecture`` as the notebook's kernel holds it (a module may import its
    siblings): ({path: Module}, notes on the ``targeted`` files, {file: why it has no module})."""
    k = Kernel(ns)
    stubs_ = stub_texts(course, lecture, expected)
    names = {f: stub_names(t) for f, t in stubs_.items()}
    defs = {f: stub_names(t, functions_only=True) for f, t in stubs_.items()}
    owners: dict[str, set[str]] = {}
    for f, ns_names in names.items():
        for n in ns_names:
            owners.setdefault(n, set()).add(f)
    modules, notes, empty = {}, [], {}
    for file, roots in names.items():
        k.unknown = {}
        unique = [n for n in roots if owners[n] == {file}]
        homes: dict[str, int] = {}                       # the cells that hold this file's code
        if not unique:      # every name is in another file too (lecture 3's tuning.py and direct.py):
            others = {n for n, fs in owners.items() if file not in fs}
            mine = set(defs[file])    # its cell is the latest that defines its functions and nothing of theirs
            for key, stmts in reversed(k.history()):
                bound = {n for s in stmts if s.kind in DEFS for n in s.binds}
                if bound & mine and not bound & others:
                    homes[key] = 0
                    break
        for n in [] if homes else unique or roots:
            found = k.where(n)
            if found:
                homes.setdefault(found[0], len(homes))
        ordered = sorted(homes, key=lambda f: (k.order(f), homes[f]))
        base = [s for f in ordered for s in k.cell(f)]
        for n in roots:                                   # redefined in a cell of its own since
            found = k.where(n)
            if found and found[0] not in homes and (owners[n] == {file} or not any(n in s.binds for s in base)):
                base.append(found[1])
        live = {n: found[1] for n in {n for s in base if s.always for n in s.binds} if (found := k.where(n))}
        base = [s for s in base if not (s.always and any(n in live and live[n] is not s and any(live[n] is b for b in base)
                                                          for n in s.binds))]   # what the kernel runs wins
        stmts, missing = assemble(base, roots, k.provide)
        stmts, _ = runnable(stmts)
        defined = [r for r in roots if r not in missing]
        if not base and not defined:
            empty[file] = (f"none of {file}'s functions ({', '.join(roots[:4])}{', …' if len(roots) > 4 else ''}) "
                           f"is defined in this notebook yet: run its cell first")
            continue
        modules[f"{lecture.dir}/{file}"] = Module(file, stmts)
        if file not in targeted:
            continue
        lacking = [r for r in roots if r in missing]
        if lacking:
            notes.append(f"{lecture.dir}/{file}: not defined in this notebook: {', '.join(lacking)}")
        if k.unknown:
            notes.append(f"{lecture.dir}/{file} uses notebook variables, which the grader does not have (pass "
                         f"them as arguments): " + ", ".join(f"{n} ({t})" for n, t in sorted(k.unknown.items())))
    return modules, notes, empty


# --------------------------------------------------------------------------- check() in a notebook

def find_course(course: str | Path | None = None):
    """The course: ``course``, else $COURSEKIT_COURSE or the nearest course.yaml above the current
    folder, else the one this package was installed from."""
    from grader import course as courses

    if course is not None:
        return courses.load(Path(course).resolve())
    try:
        return courses.load()
    except UsageError:
        here = Path(__file__).resolve().parents[1]
        if (here / courses.COURSE_FILE).is_file():
            return courses.load(here)
        raise


def dataset(name: str, course: str | Path | None = None) -> str:
    """The text of one of the course's datasets (found, or downloaded and verified, as
    ``coursekit data fetch`` does), for a notebook's own experiments."""
    from grader import data

    c = find_course(course)
    entries = data.manifest(c.manifest)
    if name not in entries:
        raise UsageError(f"unknown dataset {name!r}; the manifest has {', '.join(entries)}")
    return data.locate(entries[name]).read_text()


def check(target: str | list[str], namespace: dict, *, hidden: bool = True, device: str = "auto",
          timeout: float | None = None, course: str | Path | None = None) -> "Feedback":
    """Grade the exercises ``target`` names (``"lecture2.bigram"``, ``"lecture2"``, or a list) from
    the code this notebook ran, in the sandbox, like ``coursekit grade``; returns the feedback."""
    from grader import engine, sandbox

    c = find_course(course)
    sandbox.start(c.checks, str(c.root))
    exercises = c.resolve([target] if isinstance(target, str) else list(target))
    if device == "auto" or device == "cuda":
        import torch
        if device == "cuda" and not torch.cuda.is_available():
            raise UsageError("device='cuda': CUDA is not available on this machine")
        device = "cuda" if torch.cuda.is_available() else "cpu"
    notes: list[str] = []
    with tempfile.TemporaryDirectory(prefix="coursekit-check-") as tmp:
        sub = Submission(folder=Path(tmp))
        expected = None
        for lec in c.lectures:
            mine = [e for e in exercises if e.lecture == lec.id]
            if not mine:
                continue
            if expected is None and (c.solutions / lec.dir).is_dir():
                from grader import stubs
                expected = stubs.expected(c)
            modules, more, empty = kernel_modules(c, lec, namespace, {e.module for e in mine}, expected)
            sub.modules.update(modules)
            notes += more
            sub.reasons.update({e.id: empty[e.module] for e in mine if e.module in empty})
        _write(sub.modules, sub.folder)
        options = engine.Options(submission=sub.folder, device=device, hidden=hidden, timeout=timeout,
                                 jobs=min(4, os.cpu_count() or 1))
        report = sub.finish(engine.grade(c, exercises, options))
    report.submission = "notebook"
    return Feedback(report, notes)


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


# --------------------------------------------------------------------------- validate

def drift(course) -> list[str]:
    """What would make a generated notebook differ from the stubs, one line each: every stub
    file must come back, through the notebook reader, as the same code."""
    import nbformat

    problems = []
    expected = None
    if course.solutions.is_dir():
        from grader import stubs
        expected = stubs.expected(course)
    for lec in course.lectures:
        try:
            nb = build(course, lec, expected)
            cells = parse(json.loads(nbformat.writes(nb)), f"{lec.id}.ipynb")
        except (UsageError, SyntaxError, nbformat.ValidationError) as e:
            problems.append(f"notebook {lec.id}: cannot be generated ({str(e).splitlines()[0][:200]})")
            continue
        stubs_ = stub_texts(course, lec, expected)
        tags = {t for c in cells for t in c.tags}
        problems += [f"notebook {lec.id}: no cell is tagged {e.id}" for e in lec.exercises if e.id not in tags]
        for file, exs in _files(course, lec, stubs_):
            want_tags = set(_tags(lec, file, exs))
            mine = [c for c in cells if c.kind == "code" and want_tags & set(c.tags)]
            doc, code = split_docstring(stubs_[file])
            if [c.source + "\n" for c in mine] != [code]:
                problems.append(f"notebook {lec.id}: the cell of {lec.dir}/{file} differs from its stub")
                continue
            stmts, _ = runnable(assemble([s for c in mine for s in statements(c.source, c.label, c)], [],
                                         lambda name: None)[0])
            if ast.dump(ast.parse(Module(file, stmts).text)) != ast.dump(ast.parse(code)):
                problems.append(f"notebook {lec.id}: {lec.dir}/{file} read back from the notebook differs from its stub")
    return problems
