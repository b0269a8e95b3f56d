"""What a learner's file says, read by the grader itself: the ground for integrity points.

Anything measured inside the learner's process (a call counter, a blocked function, a
wrapper) can be rewritten by the learner's code, so it can give feedback but never a
point. What cannot be rewritten is the file the learner handed in: the grader reads it
in its own process (:func:`read`, size-capped, never through the child) and this module
answers, from its ``ast``, the questions an exercise's rules ask:

- :meth:`Source.forbidden`: where the code names what the exercise forbids
  (``F.one_hot``, ``backward``, ``torch.autograd``...), through any import alias;
- :meth:`Source.dynamic`: where the code reaches things by a computed name or through
  the interpreter's machinery (``getattr(F, "one_" + "hot")``, ``eval``, ``__import__``,
  ``sys.modules``, frames, ``__dict__``, ``torch._C``, ``ctypes``...). Such code could
  call anything without naming it, so it is a violation in its own right, wherever it
  is in the file; so are imports of modules outside a small allow-list, and of the
  learner's other files, which this pass does not read;
- :meth:`Source.loops` and :meth:`Source.operations`: Python loops (for, while,
  comprehensions, ``map``, recursion) and the number of operations written.

Scope. The rules apply to the functions an exercise asks for plus what they reach in
the same file (by name: functions, classes and methods named in them, transitively),
plus everything that runs at import (module-level statements, class bodies,
decorators, default values). A file holds several exercises (lecture 5's backprop.py
has four) and given helpers that may use what one exercise forbids (its ``cmp`` reads
``.grad``), so the whole file would fail honest code; what is not reached from the
exercise or run at import is never executed for it. ``if __name__ == "__main__":``
blocks do not run on import and are left out. Reach is over-approximated (any method of
that name in any class), never under: code the exercise can run is always looked at.

Everything here is iterative over the tree (no recursion on learner-controlled depth),
and linear in the file's size.
"""
from __future__ import annotations

import ast
import os
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

MAX_BYTES = 1_000_000               # a learner's file larger than this is not analysed (and fails)

# Modules an exercise file may import; anything else (another file of the submission too) is
# not read by this pass, so code could hide there.
ALLOWED_IMPORTS = frozenset({"__future__", "math", "random", "typing", "dataclasses", "collections", "functools",
                             "itertools", "string", "torch"})
# Modules whose purpose is reaching code by name or below Python: named as dynamic access.
DYNAMIC_MODULES = frozenset({"importlib", "sys", "gc", "inspect", "ctypes", "builtins", "types", "marshal", "pickle",
                             "os", "subprocess", "runpy", "operator", "code", "codeop", "threading",
                             "multiprocessing", "dill", "cffi"})
DYNAMIC_NAMES = frozenset({"eval", "exec", "compile", "globals", "vars", "__import__", "breakpoint", "open",
                           "getattr", "setattr", "delattr"})
ATTR_BY_NAME = frozenset({"getattr", "setattr", "delattr"})     # fine with a literal attribute name
FRAME_ATTRS = frozenset({"f_back", "f_globals", "f_locals", "f_builtins", "f_code", "gi_frame", "cr_frame",
                         "ag_frame", "tb_frame", "tb_next", "co_code", "co_consts", "cell_contents", "_getframe"})
DUNDER_ATTRS_OK = frozenset({"__init__", "__name__", "__doc__"})
DUNDER_NAMES_OK = frozenset({"__name__", "__file__", "__doc__"})
# Parts of torch that reach below Python, load or compile code, or rewrite how torch calls run.
# What no file of a submission may use, whatever the exercise: each reaches the grader's own
# modules (its checks, its oracles) or the process's machinery without naming them in the file.
REACH_MODULES = frozenset({"grader", "importlib", "gc", "inspect", "ctypes", "builtins", "marshal", "pickle",
                           "runpy", "code", "codeop", "subprocess", "multiprocessing", "types", "dill", "cffi",
                           "cloudpickle", "pkgutil", "zipimport"})
REACH_ATTRS = {"sys": frozenset({"modules", "_getframe", "meta_path", "path_hooks", "path_importer_cache",
                                 "settrace", "setprofile", "_current_frames", "addaudithook", "exc_info",
                                 "exception", "last_traceback", "__dict__"}),
               "os": frozenset({"system", "popen", "execv", "execve", "execl", "execle", "execlp", "execvp",
                                "execvpe", "execlpe", "spawnl", "spawnv", "spawnve", "spawnlp", "spawnvp",
                                "posix_spawn", "posix_spawnp", "fork", "forkpty", "startfile"})}
# Of the dunders, those that lead from any object to code and namespaces (self.__add__ does not).
REACH_DUNDERS = frozenset({"__globals__", "__dict__", "__subclasses__", "__bases__", "__base__", "__mro__",
                           "__builtins__", "__code__", "__closure__", "__self__", "__func__", "__getattribute__",
                           "__reduce__", "__reduce_ex__", "__loader__", "__spec__", "__wrapped__", "__defaults__",
                           "__kwdefaults__", "__import__", "__traceback__", "__context__", "__cause__"})
TORCH_DYNAMIC = ("torch.ops", "torch.library", "torch.utils.cpp_extension", "torch.jit", "torch.compile",
                 "torch.load", "torch.hub", "torch.package", "torch.fx", "torch.overrides", "torch.export",
                 "torch.multiprocessing", "torch.serialization", "torch.utils._pytree", "torch.classes")
LOOP_CALLS = ("map", "filter", "functools.reduce", "itertools", "iter", "next")
LOOP_NODES = (ast.For, ast.AsyncFor, ast.While, ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)
DEFS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)


@dataclass(frozen=True)
class Finding:
    """One place in the learner's file that breaks a rule, as the feedback line says it."""
    line: int
    message: str

    def __str__(self) -> str:
        return self.message


def read(path: Path) -> "Source":
    """The learner's file as bytes read here, in the grader (not following a link), at most MAX_BYTES."""
    name = path.name
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError as e:
        return Source(name, "", error=f"{name} could not be read ({e.strerror or e})")
    try:
        raw = os.read(fd, MAX_BYTES + 1)
    except OSError as e:
        return Source(name, "", error=f"{name} could not be read ({e.strerror or e})")
    finally:
        os.close(fd)
    if len(raw) > MAX_BYTES:
        return Source(name, "", error=f"{name} is over {MAX_BYTES // 1_000_000} MB: its source was not checked")
    try:
        return Source(name, raw.decode("utf-8"))
    except UnicodeDecodeError:
        return Source(name, "", error=f"{name} is not UTF-8 text: its source was not checked")


def _dunder(name: str) -> bool:
    return name.startswith("__") and name.endswith("__")


def _dotted(spec: str) -> tuple[str, str]:
    """A forbidden entry: ("path", "torch.nn.functional.one_hot") or ("attr", "backward") for ".backward"."""
    return ("attr", spec[1:]) if spec.startswith(".") else ("path", spec)


def _is_main_guard(node: ast.AST) -> bool:
    t = node.test if isinstance(node, ast.If) else None
    return (isinstance(t, ast.Compare) and isinstance(t.left, ast.Name) and t.left.id == "__name__"
            and len(t.comparators) == 1 and isinstance(t.comparators[0], ast.Constant)
            and t.comparators[0].value == "__main__")


@dataclass
class Source:
    """A learner's file, parsed. ``error`` says why there is nothing to analyse (then every rule fails)."""
    file: str
    text: str
    error: str = ""
    tree: ast.Module | None = field(default=None, repr=False)

    def __post_init__(self):
        if self.error:
            return
        try:
            self.tree = ast.parse(self.text, filename=self.file)
        except SyntaxError as e:
            self.error = f"{self.file} line {e.lineno}: a syntax error ({e.msg})"
        except (RecursionError, MemoryError, ValueError) as e:
            self.error = f"{self.file} could not be parsed ({type(e).__name__})"
        if self.tree is not None:
            self._index()

    # ------------------------------------------------------------------ index and reach

    def _index(self) -> None:
        """Top-level functions and classes, every method by name, import aliases, import-time code."""
        self.defs: dict[str, list[ast.AST]] = {}
        self.methods: dict[str, list[ast.AST]] = {}
        self.aliases: dict[str, str] = {}
        self.import_time: list[ast.AST] = []      # pieces that run when the module is imported
        for node in self.tree.body:
            if isinstance(node, DEFS):
                self.defs.setdefault(node.name, []).append(node)
        for node in ast.walk(self.tree):
            if isinstance(node, ast.ClassDef):
                for item in node.body:
                    if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)):
                        self.methods.setdefault(item.name, []).append(item)
            elif isinstance(node, ast.Import):
                for a in node.names:
                    if a.asname:
                        self.aliases[a.asname] = a.name
                    else:
                        top = a.name.split(".")[0]
                        self.aliases[top] = top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for a in node.names:
                    self.aliases[a.asname or a.name] = f"{node.module}.{a.name}"
        for node in self.tree.body:           # module-level `G = F`: G is F wherever it is used
            if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                path = self.resolve(node.value)
                if path and path.split(".")[0] in {v.split(".")[0] for v in self.aliases.values()}:
                    self.aliases[node.targets[0].id] = path
        stack = list(self.tree.body)
        while stack:
            node = stack.pop()
            if _is_main_guard(node):
                continue
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                self.import_time += [*node.decorator_list, node.args]
                if node.returns:
                    self.import_time.append(node.returns)
            elif isinstance(node, ast.ClassDef):
                self.import_time += [*node.decorator_list, *node.bases, *node.keywords]
                stack.extend(node.body)
            else:
                self.import_time.append(node)

    def reach(self, within: Iterable[str]) -> list[ast.AST]:
        """The code ``within`` (names of functions, classes or ``Class.method``) can run: those
        definitions, what they name in this file (transitively), and everything run at import."""
        return self._closure(self._roots(within) + self.import_time)

    def _closure(self, roots: list[ast.AST]) -> list[ast.AST]:
        seen: set[int] = set()
        out: list[ast.AST] = []
        queue = deque(roots)
        while queue:
            node = queue.popleft()
            if id(node) in seen:
                continue
            seen.add(id(node))
            out.append(node)
            for name in self._names_in(node):
                queue.extend(self.defs.get(name, ()))
                queue.extend(self.methods.get(name, ()))
        return out

    @staticmethod
    def _names_in(node: ast.AST) -> set[str]:
        names = set()
        for n in ast.walk(node):
            if isinstance(n, ast.Name):
                names.add(n.id)
            elif isinstance(n, ast.Attribute):
                names.add(n.attr)
            elif isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.isidentifier():
                names.add(n.value)        # getattr(self, "helper") reaches helper
        return names

    def _walk(self, nodes: list[ast.AST]):
        """Every node under ``nodes`` once (reached definitions overlap: a class and its methods)."""
        seen: set[int] = set()
        for top in nodes:
            for n in ast.walk(top):
                if id(n) not in seen:
                    seen.add(id(n))
                    yield n

    # ------------------------------------------------------------------ names

    def resolve(self, node: ast.AST) -> str | None:
        """The dotted path an expression names: ``F.one_hot`` -> ``torch.nn.functional.one_hot``
        (``getattr(x, "name")`` with a literal name counts as ``x.name``); None for anything else."""
        parts: list[str] = []
        while True:
            if isinstance(node, ast.Attribute):
                parts.append(node.attr)
                node = node.value
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "getattr"
                  and len(node.args) >= 2 and isinstance(node.args[1], ast.Constant)
                  and isinstance(node.args[1].value, str)):
                parts.append(node.args[1].value)
                node = node.args[0]
            elif isinstance(node, ast.Name):
                parts.append(self.aliases.get(node.id, node.id) if hasattr(self, "aliases") else node.id)
                return ".".join(reversed(parts))
            else:
                return None

    def _written(self, node: ast.AST) -> str:
        try:
            text = ast.unparse(node)
        except Exception:           # an odd tree: the line number still says where
            text = type(node).__name__
        return text if len(text) <= 60 else text[:57] + "..."

    def _where(self, node: ast.AST) -> str:
        return f"{self.file} line {getattr(node, 'lineno', 0)}"

    # ------------------------------------------------------------------ the rules

    def forbidden(self, names: Iterable[str], within: Iterable[str], hint: str) -> list[Finding]:
        """Where the code ``within`` reaches names any of ``names``: dotted paths (a module forbids
        everything in it: ``torch.autograd``), ``.attr`` for an attribute of anything
        (``.backward``), ``attr=`` for a keyword argument (``requires_grad=``)."""
        if self.tree is None:
            return []
        specs = [_dotted(s) for s in names if not s.endswith("=")]
        keywords = {s[:-1] for s in names if s.endswith("=")}
        paths = [p for kind, p in specs if kind == "path"]
        # A forbidden path's last part is forbidden as an attribute of anything too: modules re-export
        # each other (``F.torch.autograd``), and an alias made inside a function is not followed.
        attrs = {p for kind, p in specs if kind == "attr"} | {p.rpartition(".")[2] for p in paths}
        parents = self._parents()
        found: list[Finding] = []

        def bad(path: str | None) -> bool:
            return path is not None and any(path == p or path.startswith(p + ".") for p in paths)

        for n in self._walk(self.reach(within)):
            what = None
            if isinstance(n, ast.Attribute):
                up = parents.get(id(n))
                outer = isinstance(up, ast.Attribute) and up.value is n and (up.attr in attrs or bad(self.resolve(up)))
                if not outer and (n.attr in attrs or bad(self.resolve(n))):
                    what = self._written(n)      # the whole chain as written: torch.autograd.grad
            elif isinstance(n, ast.Name) and bad(self.resolve(n)) and n.id not in self._module_names():
                what = n.id
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                for path in self._imported(n):
                    if bad(path) or path.rpartition(".")[2] in attrs:
                        what = path
            elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name) and n.func.id == "getattr":
                path = self.resolve(n)
                if path and (bad(path) or path.rpartition(".")[2] in attrs):
                    what = self._written(n)
            elif isinstance(n, ast.keyword) and n.arg in keywords:
                what = f"{n.arg}="
            if what:
                found.append(Finding(n.lineno if hasattr(n, "lineno") else 0,
                                     f"{self._where(n) if hasattr(n, 'lineno') else self.file}: {what} is not "
                                     f"allowed here ({hint})"))
        return _first_per_line(found)

    def _module_names(self) -> set[str]:
        """Top-level names bound to modules (``torch``, ``F``): a forbidden *module* is reported where
        its member is used, not at every mention of the alias."""
        return {k for k, v in self.aliases.items() if k == v}

    @staticmethod
    def _imported(node: ast.AST) -> list[str]:
        if isinstance(node, ast.Import):
            return [a.name for a in node.names]
        if node.level:
            return ["." * node.level + (node.module or "")]
        return [node.module] + [f"{node.module}.{a.name}" for a in node.names]

    def dynamic(self, anywhere: bool = False) -> list[Finding]:
        """Every place in the whole file that reaches code by a computed name, through the interpreter's
        machinery, or from a module this pass does not read: a violation wherever it is.

        ``anywhere``: the rule every file of every submission keeps (:func:`grader_reach`): any module
        may be imported but those of REACH_MODULES, ``open`` is fine, and of ``sys`` and ``os`` only
        what reaches code (REACH_ATTRS) is flagged."""
        if self.tree is None:
            return [Finding(0, self.error)]
        found: list[Finding] = []
        why = "dynamic access hides what the code calls from the grader's check of your source: write the " \
              "call out by name"
        for n in ast.walk(self.tree):
            what = None
            if isinstance(n, (ast.Import, ast.ImportFrom)):
                for path in self._imported(n):
                    what = what or (self._reach_problem(path) if anywhere else self._import_problem(n, path))
                if what:
                    found.append(Finding(n.lineno, f"{self._where(n)}: {what}"))
                continue
            if isinstance(n, ast.Name):
                if n.id in DYNAMIC_NAMES and not self._literal_attr_call(n) and not (anywhere and n.id == "open"):
                    what = f"{n.id} with a computed name" if n.id in ATTR_BY_NAME else n.id
                elif _dunder(n.id) and n.id not in DUNDER_NAMES_OK and (not anywhere or n.id in REACH_DUNDERS):
                    what = n.id
            elif isinstance(n, ast.Attribute):
                path = self.resolve(n)
                if _dunder(n.attr) and n.attr not in DUNDER_ATTRS_OK and (not anywhere or n.attr in REACH_DUNDERS):
                    what = self._written(n)
                elif n.attr in FRAME_ATTRS:
                    what = self._written(n)
                elif anywhere and path and path.count(".") == 1 and n.attr in REACH_ATTRS.get(path.split(".")[0], ()):
                    what = self._written(n)
                elif path and path.startswith("torch.") and (
                        any(part.startswith("_") for part in path.split(".")[1:])
                        or any(path == p or path.startswith(p + ".") for p in TORCH_DYNAMIC)):
                    if not (isinstance(n.value, ast.Attribute) and self._torch_dynamic(self.resolve(n.value))):
                        what = self._written(n)
            if what:
                found.append(Finding(n.lineno, f"{self._where(n)}: {what} is dynamic access, not allowed "
                                               f"{'in a submission' if anywhere else 'here'} ({why})"))
        return _first_per_line(found)

    def _torch_dynamic(self, path: str | None) -> bool:
        return bool(path) and path.startswith("torch.") and (
            any(part.startswith("_") for part in path.split(".")[1:])
            or any(path == p or path.startswith(p + ".") for p in TORCH_DYNAMIC))

    def _import_problem(self, node: ast.AST, path: str) -> str:
        if path.startswith("."):
            return (f"import of {path!r} from another file: the grader checks this file only, so the code it "
                    f"asks for must be here")
        top = path.split(".")[0]
        if top in DYNAMIC_MODULES:
            return (f"import of {top} is dynamic access, not allowed here (it can reach code without naming it, "
                    f"out of sight of the grader's check of your source)")
        if top not in ALLOWED_IMPORTS:
            return (f"import of {top} is not allowed here (only {', '.join(sorted(ALLOWED_IMPORTS - {'__future__'}))}"
                    f"; another file of yours is not read by the grader's source check)")
        if self._torch_dynamic(path):
            return f"import of {path} is dynamic access, not allowed here"
        return ""

    def _reach_problem(self, path: str) -> str:
        top = path.split(".")[0]
        if top in REACH_MODULES:
            return (f"import of {top} is not allowed in a submission (it reaches the grader's own code or the "
                    f"interpreter's machinery without naming what it calls)")
        if self._torch_dynamic(path):
            return f"import of {path} is dynamic access, not allowed in a submission"
        return ""

    def _literal_attr_call(self, name: ast.Name) -> bool:
        """``getattr(x, "name")`` (or set/del) with a literal name: as plain as ``x.name``."""
        parent = self._parents().get(id(name))
        return (name.id in ATTR_BY_NAME and isinstance(parent, ast.Call) and parent.func is name
                and len(parent.args) >= 2 and isinstance(parent.args[1], ast.Constant)
                and isinstance(parent.args[1].value, str))

    def _parents(self) -> dict[int, ast.AST]:
        if not hasattr(self, "_parent_map"):
            self._parent_map = {id(c): p for p in ast.walk(self.tree) for c in ast.iter_child_nodes(p)}
        return self._parent_map

    def loops(self, within: Iterable[str], what: str) -> list[Finding]:
        """Python loops in the code ``within`` reaches, import-time code aside: for, while,
        comprehensions, ``map``/``filter``/``reduce``/``itertools``, and recursion."""
        if self.tree is None:
            return []
        reached = self._closure(self._roots(within))
        found: list[Finding] = []
        for n in self._walk(reached):
            kind = None
            if isinstance(n, LOOP_NODES):
                kind = {ast.For: "a for loop", ast.AsyncFor: "a for loop", ast.While: "a while loop"}.get(
                    type(n), "a comprehension")
            elif isinstance(n, ast.Call):
                path = self.resolve(n.func)
                if path and any(path == p or path.startswith(p + ".") for p in LOOP_CALLS):
                    kind = f"{path}(...)"
            if kind:
                found.append(Finding(n.lineno, f"{self._where(n)}: {kind} is a Python loop ({what})"))
        for node in self._recursive(reached):
            found.append(Finding(node.lineno, f"{self._where(node)}: {node.name} calls itself, a Python loop "
                                              f"({what})"))
        return _first_per_line(found)

    def _roots(self, within: Iterable[str]) -> list[ast.AST]:
        """The definitions ``within`` names: functions, classes, or ``Class.method``."""
        roots: list[ast.AST] = []
        for name in within:
            cls, _, meth = name.partition(".")
            for node in self.defs.get(cls, []):
                if not meth:
                    roots.append(node)
                elif isinstance(node, ast.ClassDef):
                    roots += [m for m in node.body if isinstance(m, (ast.FunctionDef, ast.AsyncFunctionDef))
                              and m.name == meth]
        return roots

    def _recursive(self, reached: list[ast.AST]) -> list[ast.AST]:
        """The reached functions that can reach themselves again by name."""
        funcs = [n for n in reached if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        out = []
        for f in funcs:
            callees = [c for name in self._names_in_body(f) for c in
                       (*self.defs.get(name, ()), *self.methods.get(name, ()))]
            if any(id(f) == id(n) for n in self._closure(callees) if isinstance(n, (ast.FunctionDef,
                                                                                     ast.AsyncFunctionDef))):
                out.append(f)
        return out

    def _names_in_body(self, f: ast.AST) -> set[str]:
        names = set()
        for stmt in f.body:
            names |= self._names_in(stmt)
        return names

    def operations(self, within: Iterable[str]) -> int:
        """The operations written in the code ``within`` reaches (import-time code aside): calls,
        arithmetic (a negative literal aside), comparisons and augmented assignments. A measure of
        how long an expression is that no run of the code can change."""
        if self.tree is None:
            return 0
        count = 0
        for n in self._walk(self._closure(self._roots(within))):
            if isinstance(n, (ast.Call, ast.BinOp, ast.AugAssign, ast.Compare)):
                count += 1
            elif isinstance(n, ast.UnaryOp) and not isinstance(n.operand, ast.Constant):
                count += 1
        return count


def _first_per_line(found: list[Finding]) -> list[Finding]:
    """One finding per line, in line order: ``F.one_hot`` inside ``F.one_hot(x).float()`` is one mistake."""
    seen: dict[int, Finding] = {}
    for f in found:
        seen.setdefault(f.line, f)
    return [seen[k] for k in sorted(seen)]


# --------------------------------------------------------------------------- judging findings

def grader_reach(folder: Path) -> list[str]:
    """Where any Python file of a learner's lecture folder reaches the grader or the interpreter's
    machinery (``Source.dynamic(anywhere=True)``), as feedback lines; [] for honest code.

    The grader's public checks are importable in the sandbox (they run there), and some hold
    the grader's own implementation of what an exercise asks; a submission that used them,
    by name or by a computed one, would score without computing. So no file may."""
    found: list[str] = []
    for path in sorted(folder.rglob("*.py")) if folder.is_dir() else []:
        if "__pycache__" in path.parts:
            continue
        src = read(path)
        if src.error and src.text:          # read but not parsed: Python cannot run it either
            continue
        found += [src.error] if src.error else [f.message for f in src.dynamic(anywhere=True)]
    return found


def report(source: Source, *groups: list[Finding]) -> list[str]:
    """The plain data a source check's probe returns: every finding's line of feedback, in line order."""
    if source.error:
        return [source.error]
    return [f.message for f in sorted((f for g in groups for f in g), key=lambda f: f.line)]


def clean(findings):
    """A source check's judge: passed when the probe found nothing, else every finding as feedback."""
    from grader.judge import Verdict, failed, passed

    if type(findings) is not list or not findings:
        return passed() if findings == [] else failed(f"the source check found {findings!r}")
    return Verdict(0.0, tuple(str(f) for f in findings))
