"""Checks: a probe that runs in the sandbox and a judge that runs in the grader.

A check is declared in its exercise's module, ``grader/checks/<lecture>/<exercise>.py`` (public)
or ``grader/checks/hidden/<lecture>/<exercise>.py`` (hidden, stripped by ``coursekit release``),
whose path gives its exercise; in ``grader/checks/lecture2/bigram.py``::

    @check(weight=2)
    def counts_match(sub):                      # sandbox: sub is the learner's module
        return {"N": sub.bigram_counts(words())}

    @counts_match.judge                         # grader: got = learner, want = reference
    def counts_equal_reference(got, want):
        return close(got["N"], want["N"], name="N")

The probe returns plain data only (numbers, strings, lists, dicts, plain tensors).
The judge returns a :class:`grader.judge.Verdict`, and is named after what it judges
(a report's reader, and `duplicates`, meet it by that name). An exercise's points come
from course.yaml and are shared among its checks in proportion to their ``weight``, so
an instructor can re-weigh exercises without touching the checks.
Whether a check is hidden follows from where it lives, so the flag can never disagree
with what ``release`` ships. The reference solution is run for a check only when its
judge takes ``want``: a judge that measures the learner against a threshold of its own
(a trained model's loss, an exact-match rate) is written ``def loss_under_2(got)``, and
nothing is trained twice.

A check may declare the inputs it probes as a ``case``, which the probe and the judge
take as keyword arguments (each only those it names)::

    @check(weight=2, case=dict(fan_in=30, fan_out=64, n=32, seed=1))
    def linear_layer(sub, fan_in, fan_out, n, seed): ...

    @linear_layer.judge
    def linear_matches_reference(got, want, fan_in): ...

A hidden module then holds other inputs for the same probe and judge as data,
``CASES = {"linear_layer": [dict(fan_in=7, fan_out=3)]}``, each a hidden check
(``linear_layer_case1``, …) whose case is the public one with those keys replaced;
``release`` strips them with the hidden folder. Hidden checks that really differ are
written out like public ones.

A rule about *how* the answer is computed (no autograd, no ``F.one_hot``, no loop over
heads, one expression) is never judged from the learner's process, where any counter
or blocked function can be rewritten. It is a source check, whose probe runs in the
grader on the learner's file as the grader read it (a :class:`grader.source.Source`); in
``grader/checks/lecture2/E04.py``::

    @check(weight=2, source=True)
    def no_one_hot(src):                        # grader: src is the learner's indexing.py
        return report(src, src.forbidden(ONE_HOT, within=("bigram_logits",), hint="..."), src.dynamic())

    @no_one_hot.judge
    def one_hot_never_called(got):              # got: the probe's findings
        return clean(got)

A source check needs no sandbox run and no reference. Its points are
earned only as far as the exercise's other checks earn theirs: an untouched stub is
clean but has computed nothing. ``gate=True`` makes it a condition of the whole
exercise: while it fails, no other check of the exercise earns a point (lecture 5:
gradients taken from autograd are right, so only the rule can tell them apart).
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import inspect
import pkgutil
import sys
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Iterable

from grader.files import tree_hash

DEVICES = ("cpu", "cuda")


@dataclass
class Check:
    exercise: str                   # "lecture2.E01"
    name: str                       # the probe function's name (a hidden case's: "<name>_case<i>")
    weight: float
    probe: Callable[..., Any]
    device: str = "cpu"             # "cuda" checks are skipped where CUDA is missing
    hidden: bool = False
    given: Callable[[], dict] | None = None     # the probe's data, made here in the grader (see check())
    source: bool = False            # True: the probe runs in the grader on the learner's Source, not in the sandbox
    gate: bool = False              # True (source checks only): while it fails, the exercise's other checks earn 0
    case: dict = field(default_factory=dict)    # the inputs probe and judge take as keyword arguments
    judge_fn: Callable[..., Any] | None = field(default=None, repr=False)
    module: str = ""                # the module that declares it (see declared_in)

    @property
    def id(self) -> str:
        return f"{self.exercise}.{self.name}"

    @property
    def seed(self) -> int:
        """Every probe is seeded from its id, so a run is reproducible byte for byte."""
        return int.from_bytes(hashlib.sha256(self.id.encode()).digest()[:4], "big")

    @property
    def reference(self) -> bool:
        """Whether the reference solution is run for this check: only when its judge takes ``want``."""
        return not self.source and self.judge_fn is not None and "want" in _signature(self.judge_fn)[0]

    def judge(self, fn: Callable[..., Any]) -> Callable[..., Any]:
        """Decorator: attach the judge, a function of ``got`` (and ``want``, and the case's inputs it names)."""
        unknown = [p for p, default in _signature(fn)[0].items()
                   if p not in ("got", "want") and p not in self.case and default is inspect.Parameter.empty]
        if unknown:
            raise TypeError(f"the judge {fn.__name__} of {self.id} takes {', '.join(unknown)}, which its case "
                            f"does not give")
        self.judge_fn = fn
        return fn

    def run(self, target: Any, **given: Any) -> Any:
        """The probe on ``target`` (the learner's module, or their Source): the given data and the case."""
        return self.probe(target, **given, **_taken(self.probe, self.case))

    def decide(self, got: Any, want: Any = None) -> Any:
        """The judge's verdict on ``got`` (and ``want``), handed the inputs of the case it names."""
        assert self.judge_fn is not None
        return self.judge_fn(**_taken(self.judge_fn, {"got": got, "want": want, **self.case}))


@lru_cache(maxsize=None)
def _signature(fn: Callable) -> tuple[dict[str, Any], bool]:
    """``fn``'s keyword-passable parameters with their defaults, and whether it takes ``**kwargs``
    (read once per function: a judge is called at every grading)."""
    params = inspect.signature(fn).parameters.values()
    return ({p.name: p.default for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)},
            any(p.kind == p.VAR_KEYWORD for p in params))


def _taken(fn: Callable, values: dict) -> dict:
    """Those of ``values`` that ``fn`` names (all of them if it takes ``**kwargs``)."""
    names, takes_any = _signature(fn)
    return dict(values) if takes_any else {k: v for k, v in values.items() if k in names}


_REGISTRY: dict[str, Check] = {}


def check(exercise: str | None = None, weight: float = 1, device: str = "cpu",
          given: Callable[[], dict] | None = None, source: bool = False, gate: bool = False,
          case: dict | None = None) -> Callable[[Callable], Check]:
    """Register ``probe`` as a check of ``exercise``, counting ``weight`` within it.

    Without ``exercise`` the id follows from where the probe is written: a probe of
    ``<checks>/<lecture>/<exercise>.py`` or ``<checks>/hidden/<lecture>/<exercise>.py`` is a check
    of ``<lecture>.<exercise>`` (see :func:`exercise_of`). An explicit ``exercise`` is for a probe
    written anywhere else (:func:`layout_problems` then says where it belongs).

    ``given`` makes the probe's data in the grader's process: the probe is then called as
    ``probe(sub, **given())``, in a child of its own that holds no dataset at all. A training
    exercise hands the learner its training split this way, and nothing else of the data.
    ``source=True``: ``probe(src)`` reads the learner's file in the grader (see grader/source.py).
    ``case``: the inputs the probe and judge take by name, which a hidden module's ``CASES`` varies.
    """
    if exercise is not None and not isinstance(exercise, str):
        raise TypeError(f"check()'s first argument is the exercise id, not {exercise!r}: pass weight=…")
    if device not in DEVICES:
        raise ValueError(f"device must be one of {DEVICES}, not {device!r}")
    if gate and not source:
        raise ValueError("only a source check can gate an exercise: the learner's process decides nothing")
    if source and device != "cpu":
        raise ValueError("a source check reads a file; it has no device")

    def register(probe: Callable) -> Check:
        module = declared_in(probe)
        c = Check(exercise=exercise or exercise_of(module), name=probe.__name__, weight=float(weight), probe=probe,
                  device=device, hidden=".hidden." in probe.__module__, given=given, source=source, gate=gate,
                  case=dict(case or {}), module=module)
        _missing_inputs(c, probe, c.case)
        _register(c)
        return c

    return register


def _register(c: Check) -> None:
    if c.id in _REGISTRY and _REGISTRY[c.id].module != c.module:
        raise ValueError(f"check {c.id} is defined twice")
    _REGISTRY[c.id] = c


def _missing_inputs(c: Check, probe: Callable, case: dict) -> None:
    """Refuse a case that does not fit its probe: an input the probe lacks, or one it needs and no case gives."""
    params, takes_any = _signature(probe)
    extra = [k for k in case if k not in params and not takes_any]
    if extra:
        raise TypeError(f"{c.id}: the probe {probe.__name__} takes no {', '.join(extra)}")
    needed = [p for p, default in list(params.items())[1:] if default is inspect.Parameter.empty and p not in case]
    if needed and c.given is None:
        raise TypeError(f"{c.id}: the probe {probe.__name__} needs {', '.join(needed)}, which no case gives")


def define_cases(module: Any) -> None:
    """The hidden checks a hidden module declares as data: ``CASES = {"<public check>": [dict(…), …]}``.

    Each is the public check of the same exercise with its case's inputs replaced, run and
    judged by the same probe and judge (called by the grader after the public checks are
    loaded, and by the sandbox after it defines a hidden module from source)."""
    cases = getattr(module, "CASES", None)
    if cases is None:
        return
    exercise = exercise_of(module.__name__)
    for name, variants in cases.items():
        public = _REGISTRY.get(f"{exercise}.{name}")
        if public is None or public.hidden:
            raise ValueError(f"{module.__name__}.CASES names {name}, which is no public check of {exercise}")
        for i, variant in enumerate(variants, 1):
            c = replace(public, name=f"{name}_case{i}", hidden=True, case={**public.case, **variant},
                        module=module.__name__)
            _missing_inputs(c, public.probe, c.case)
            _register(c)


def declared_in(probe: Callable) -> str:
    """The module a check is declared in: its probe's, or for a probe that a function in a lecture's
    ``__init__.py`` makes (a check several exercises share, as lecture 5's ``no_autograd``), the
    module of that lecture which called the function."""
    module = probe.__module__
    if hasattr(sys.modules.get(module), "__path__"):
        frame = sys._getframe(2)
        while frame is not None:
            caller = frame.f_globals.get("__name__", "")
            if caller.startswith(module + "."):
                return caller
            frame = frame.f_back
    return module


def exercise_of(module: str) -> str:
    """The exercise a check module's path names: ``<lecture>.<exercise>`` from
    ``<checks>.<lecture>.<exercise>`` or ``<checks>.hidden.<lecture>.<exercise>``."""
    parts = module.split(".")
    if "hidden" in parts:
        rest = parts[parts.index("hidden") + 1:]
    else:
        rest = parts[-2:] if len(parts) >= 3 else []
    if len(rest) != 2 or hasattr(sys.modules.get(module), "__path__"):
        raise ValueError(f"a check in {module} needs its exercise id: without one, checks live in "
                         f"<checks>/<lecture>/<exercise>.py or <checks>/hidden/<lecture>/<exercise>.py")
    return ".".join(rest)


_loaded: set[str] = set()


def load_checks(package: str = "grader.checks", root: str | Path | None = None) -> dict[str, Check]:
    """Import every module under ``package`` (hidden ones too, where they ship) once.

    ``root`` is the course folder; a course's own check package is imported from there.
    """
    if package not in _loaded:
        if root is not None and str(root) not in sys.path:
            sys.path.append(str(root))
        root = importlib.import_module(package)
        modules = [importlib.import_module(info.name)
                   for info in pkgutil.walk_packages(root.__path__, prefix=package + ".")]
        for module in modules:              # once every public check they vary is registered
            define_cases(module)
        _loaded.add(package)
    missing = [c.id for c in _REGISTRY.values() if c.judge_fn is None]
    if missing:
        raise ValueError(f"checks without a judge: {', '.join(missing)}")
    return _REGISTRY


def checks_for(exercise: str, package: str = "grader.checks", root: str | Path | None = None) -> list[Check]:
    """The checks of one exercise in a stable order: public first, each in the order written."""
    return sorted((c for c in load_checks(package, root).values() if c.exercise == exercise),
                  key=lambda c: c.hidden)


def layout_problems(package: str, exercises: Iterable[str]) -> list[str]:
    """Where the checks of ``package`` break the layout, one line each.

    The public checks of ``lecture2.E01`` live in ``<package>/lecture2/E01.py``, its hidden ones in
    ``<package>/hidden/lecture2/E01.py``, and each module holds that exercise's checks only, so a
    report's id names its file and a sandbox grading one exercise can be given its own hidden checks
    and no others. Every exercise of course.yaml has its public module. A lecture's ``__init__.py``
    may hold what several of its exercises share, never a check of its own (one it makes when an
    exercise's module calls it belongs to that module); a module beside the lectures (``common.py``)
    holds what lectures share. Call after :func:`load_checks`.
    """
    exercises = set(exercises)
    lectures = {e.split(".")[0] for e in exercises}
    hidden = f"{package}.hidden"

    def path(module: str, is_package: bool) -> str:
        return module.replace(".", "/") + ("/__init__.py" if is_package else ".py")

    def walk(top: str, kind: str, shared_modules: bool) -> None:
        where = f"{top.replace('.', '/')}/<lecture>/<exercise>.py"
        for info in pkgutil.walk_packages(importlib.import_module(top).__path__, prefix=top + "."):
            if top == package and (info.name == hidden or info.name.startswith(hidden + ".")):
                continue
            parts = info.name[len(top) + 1:].split(".")
            if len(parts) == 1:
                fits = parts[0] in lectures if info.ispkg else shared_modules
            else:
                fits = not info.ispkg and ".".join(parts) in exercises
            if not fits:
                misplaced.add(info.name)
                problems.append(f"{path(info.name, info.ispkg)}: {kind} checks go in {where}, for an exercise "
                                f"of course.yaml (what a lecture's exercises share, in its __init__.py)")

    problems: list[str] = []
    misplaced: set[str] = set()
    unnamed: set[Callable] = set()
    walk(package, "public", shared_modules=True)
    if importlib.util.find_spec(hidden) is not None:
        walk(hidden, "hidden", shared_modules=False)
    for c in _REGISTRY.values():
        module = c.module or c.probe.__module__
        if not module.startswith(package + ".") or module in misplaced:
            continue
        kind = "hidden" if c.hidden else "public"
        want = f"{hidden if c.hidden else package}.{c.exercise}"
        named = getattr(c.judge_fn, "__name__", "_")
        if named in ("_", "<lambda>") and c.judge_fn not in unnamed:
            unnamed.add(c.judge_fn)
            problems.append(f"{path(module, hasattr(sys.modules[module], '__path__'))}: the judge of {c.id} is "
                            f"called {named}; name it after what it judges")
        if module != want:
            problems.append(f"{path(module, hasattr(sys.modules[module], '__path__'))} registers {kind} check "
                            f"{c.id}: a {kind} check of {c.exercise} belongs in {path(want, False)}")
    for e in sorted(exercises):
        try:
            found = importlib.util.find_spec(f"{package}.{e}") is not None
        except ImportError:                 # no lecture package (a module of that name at most)
            found = False
        if not found:
            problems.append(f"{path(f'{package}.{e}', False)} is missing: the public checks of {e} go there")
    return problems


@lru_cache(maxsize=None)
def package_hash(package: str = "grader.checks") -> str:
    """Hash of every module of a check package: editing any probe or the helpers the probes
    share invalidates the cached references that could depend on it."""
    return tree_hash(Path(importlib.import_module(package).__file__).parent)
