"""Source assembly: one module's text from top-level statements taken out of cells.

Both ways into a notebook (its saved cells, a running kernel's history) end here, so a
module is filtered the same way whichever way it was found. Its top-level statements pass
one filter: imports, functions and classes stay; any other statement stays only if every
name it uses is bound above it in the module (or is a builtin). So
``print(bigram_counts(words, stoi))`` or a training loop over the notebook's ``words`` is
left out, while a stub's own module-level code (``stoi['.'] = 0``) is kept. Names the
module uses but does not define (a helper written in a cell of its own) are looked up
through a ``provide`` function (the untagged cells, or the kernel's namespace) and added.

Each statement remembers the cell and line it came from, so a ``Module`` can say where any
of its lines came from: feedback about ``bigram.py, line 57`` is shown as ``cell 5, line 12``.
"""
from __future__ import annotations

import ast
import builtins
import symtable
from dataclasses import dataclass, field
from typing import Callable, Iterable

BUILTINS = frozenset(dir(builtins))
ALWAYS = (ast.Import, ast.ImportFrom, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
DEFS = ("FunctionDef", "AsyncFunctionDef", "ClassDef")



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
            if same and s.line <= prev.end and s.end >= prev.line:
                continue                         # on a line already taken: `import a; import b`
            # a statement of the same cell can come after one below it: an import a function needs
            gap = s.src.splitlines(keepends=True)[prev.end:s.line - 1] if same and s.line > prev.end else None
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
