"""Reading a saved notebook: ``coursekit grade lecture2 --submission work.ipynb``.

Only cell *sources* are read (never outputs: a notebook may hold megabytes of plots). Each
module is taken from the cells tagged for it; where no cell is tagged, from the untagged
cells' imports, functions, classes and constants; the modules are written into a temporary
folder, which is graded like any other, so the engine, the sandbox and the judges know
nothing of notebooks. ``drift`` (for ``coursekit validate``) reads every generated notebook
back through this same path.
"""
from __future__ import annotations

import ast
import contextlib
import json
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from grader.errors import UsageError
from grader.notebook.assembly import Module, Stmt, assemble, runnable, statements, stub_names
from grader.notebook.building import _files, _sibling_imports, _tags, build, split_docstring, stub_texts
from grader.notebook.folder import Submission, _write

FORMAT = 4                                    # the nbformat major version read and written
MAGIC = re.compile(r"^(\s*)[%!]")             # an IPython magic or shell line



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


def _cells(numbers: Iterable[int], last: str = ", ") -> str:
    numbers = [str(n) for n in sorted(set(numbers))]
    if len(numbers) < 2:
        return f"cell {numbers[0]}" if numbers else "no cell"
    return "cells " + ", ".join(numbers[:-1]) + last + numbers[-1]


HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*)$", re.M)
NAMED = re.compile(r"[\w-]+(?:[./][\w-]+)+")       # lecture2.E04, makemore.E04, lecture7/gpt.py
FENCED = re.compile(r"^ {0,3}```.*?^ {0,3}```", re.M | re.S)


def _headings(course, cells: list[Cell]) -> dict[int, set[str]]:
    """{code cell number: the exercise ids and file tags named by the headings it is under}.

    A markdown heading that names an exercise, as ``coursekit notebook`` writes them
    (``## `lecture2.E04`: Index rows … (5 points)``, ``## `lecture7/gpt.py` (used by …)``),
    holds the code cells below it up to the next heading of its level or above (a heading
    of the learner's own, ``### my attempt``, stays inside it)."""
    short = {f"{key}.{e.id.split('.', 1)[1]}": e.id for lec in course.lectures for e in lec.exercises
             for key in (lec.id, *lec.aliases)}
    open_: list[tuple[int, int, set[str]]] = []           # (level, cell number, what it names)
    under: dict[int, set[str]] = {}
    for c in cells:
        if c.kind == "markdown":
            for m in HEADING.finditer(FENCED.sub("", c.source)):
                level = len(m.group(1))
                named = {short.get(t, t) for t in NAMED.findall(m.group(2)) if t in short or t.endswith(".py")}
                open_ = [h for h in open_ if h[0] < level or h[1] == c.number] + [(level, c.number, named)]
        elif c.kind == "code":
            under[c.number] = set().union(*(h[2] for h in open_))
    return under


class _Blocked(Exception):
    """A module that imports a helper module no cell decides."""


class _Ambiguous(Exception):
    """A name that two different untagged cells define, and no heading decides between."""

    def __init__(self, name: str, cells: list[int]):
        super().__init__(name)
        self.name, self.cells = name, cells

    def message(self, tag: str) -> str:
        return (f"{self.name} is defined in {_cells(self.cells, ' and ')}; tag the cell to grade with {tag}, "
                f"or delete the other{'s' if len(self.cells) > 2 else ''}")


def _same(a: Stmt, b: Stmt) -> bool:
    """The same code (comments and layout aside): a cell copied twice is no choice to make."""
    try:
        return ast.dump(ast.parse(a.text)) == ast.dump(ast.parse(b.text))
    except SyntaxError:
        return a.text == b.text


def _choose(name: str, found: dict[int, Stmt], under: dict[int, set[str]], keys: set[str]) -> Stmt:
    """Which of the untagged cells that define ``name`` a module with tags ``keys`` takes: the
    one under the module's heading, else the only one; copies of one statement, or imports,
    count as one. Two different ones are ``_Ambiguous``."""
    def one(cells: list[tuple[int, Stmt]]) -> Stmt | None:
        last = cells[-1][1]
        imports = all(s.kind in ("Import", "ImportFrom") for _, s in cells)
        return last if imports or all(_same(s, last) for _, s in cells) else None

    cells = list(found.items())
    mine = [(n, s) for n, s in cells if under.get(n, set()) & keys]
    chosen = one(mine) if mine else one(cells)
    if chosen is None:
        raise _Ambiguous(name, [n for n, _ in (mine or cells)])
    return chosen


def convert(course, path: Path, exercises: list, folder: Path, strict: bool = True) -> Submission:
    """Write the modules a notebook holds for ``exercises``' lectures into ``folder``."""
    sub = Submission(folder=folder, notebook=path)
    cells = read(path)                  # a file that is no notebook is an error however lenient the reading
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
    pool: dict[str, dict[int, Stmt]] | None = None      # name -> {cell number: its last statement binding it}
    under = _headings(course, cells)

    def provider(keys: set[str]) -> Callable[[str], Stmt | None]:
        """What the untagged cells define, for the module whose cells carry the tags ``keys``."""
        def provide(name_: str) -> Stmt | None:
            nonlocal pool
            if pool is None:               # parsed only when a module needs something from them
                pool = {}
                for c in untagged:
                    for s in _parse_cell(c, name, strict) or []:
                        if s.always or s.literal:
                            for b in s.binds:
                                pool.setdefault(b, {})[c.number] = s
            found = pool.get(name_)
            return _choose(name_, found, under, keys) if found else None
        return provide

    expected = None
    found_any = False
    for lec in lectures:
        blocked: dict[str, str] = {}                # a helper module no cell decides: why
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
            try:
                via = sorted(_sibling_imports(stubs_[file], set(blocked)))
                if via:
                    raise _Blocked(f"{blocked[via[0]]} (in {lec.dir}/{via[0]}.py, which {file} imports)")
                stmts, missing = assemble(base, roots, provider(tags))
            except (_Ambiguous, _Blocked) as e:     # graded as an error, which says how to fix it
                why = e.message(_tags(lec, file, exs)[0]) if isinstance(e, _Ambiguous) else str(e)
                blocked[file.removesuffix(".py")] = why
                found_any = True
                sub.reasons.update(dict.fromkeys((ex.id for ex in targeted), why))
                sub.errors.update(ex.id for ex in targeted)
                if targeted:
                    sub.notes.append(f"{which}: {why}")
                continue
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
