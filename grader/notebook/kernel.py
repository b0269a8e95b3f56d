"""Kernel history: the modules of a lecture as a running notebook kernel holds them.

``check()`` grades what the learner *ran*, not the saved file: the cells that defined the
exercise's functions are found through the functions' code objects, whose source IPython
keeps in ``linecache`` (and, for a class without methods, through IPython's ``In``). So it
needs no save and no notebook path, and works in Jupyter, VS Code and Colab alike. Taking
whole cells (not single functions from the namespace) keeps modules apart where two stub
files define the same name (lecture 2's ``bigram_loss`` is in neural.py and indexing.py):
each module is rebuilt from its own cell.
"""
from __future__ import annotations

import importlib
import inspect
import linecache
import re
import sys
import types
from pathlib import Path
from typing import Any

from grader.notebook.assembly import DEFS, Module, Stmt, _scope_names, assemble, runnable, statements, stub_names
from grader.notebook.building import stub_texts

IPYTHON_NAMES = frozenset({"In", "Out", "get_ipython", "exit", "quit", "display"})



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
        for n, (key, stmts) in reversed(list(enumerate(self.history()))):
            for s in stmts:
                if name in s.binds and s.kind == "ClassDef":
                    return self._as_compiled(n, key, s)
        return None

    def _as_compiled(self, n: int, key: str, s: Stmt) -> tuple[str, Stmt]:
        """Statement ``s`` of history cell ``n`` (``key``) as it is in the file the cell was compiled
        under, where linecache has it: one cell, one key, so a cell that holds a class without methods
        (a dataclass: found through ``In``) and functions (found through linecache) is taken once."""
        files = [f for f, count in self.counts.items() if count == n] or \
                [f for f, entry in list(linecache.cache.items()) if len(entry) == 4 and "".join(entry[2]) == s.src]
        for f in files:
            same = next((t for t in self.cell(f) if t.line == s.line and t.binds == s.binds), None)
            if same is not None:
                return f, same
        return key, s

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
