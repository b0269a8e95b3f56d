"""course.yaml: the lectures, their exercises and what grading each one needs.

Loading validates everything up front, so a typo in course.yaml is one line naming the
file, the key and what was expected, not a traceback halfway through a class's grading.
"""
from __future__ import annotations

import difflib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from grader.check import DEVICES
from grader.errors import UsageError

COURSE_FILE = "course.yaml"
# The environment variables an exercise may set for its sandbox run (``env:``), before the learner's
# module is imported: a short list, since a learner cannot set any. TRITON_INTERPRET=1 makes
# ``@triton.jit`` build kernels for Triton's CPU interpreter, and it is read when the decorator runs.
ENV_NAMES = ("TRITON_INTERPRET",)


@dataclass(frozen=True)
class Exercise:
    id: str                     # "lecture2.E01"
    title: str
    lecture: str                # "lecture2"
    dir: str                    # the lecture's folder under exercises/ and solutions/
    module: str                 # "trigram.py", relative to that folder
    points: float
    timeout: float              # wall seconds for each of its checks
    memory_mb: int
    devices: tuple[str, ...]
    datasets: tuple[str, ...]
    reach_check: bool = True    # refuse a submission whose files reach into the grader (grader.source.grader_reach)
    training: bool = False      # trains a model (minutes): `grade --skip-training` and the push workflow leave it out
    env: tuple[tuple[str, str], ...] = ()   # (name, value) set in its sandbox run before the import (ENV_NAMES)


@dataclass(frozen=True)
class Lecture:
    id: str
    title: str
    video: str
    dir: str
    aliases: tuple[str, ...]
    exercises: tuple[Exercise, ...]


@dataclass(frozen=True)
class Course:
    root: Path
    title: str
    checks: str = "grader.checks"      # the package whose modules define the checks
    lectures: tuple[Lecture, ...] = field(default=())

    @property
    def exercises(self) -> list[Exercise]:
        return [e for lec in self.lectures for e in lec.exercises]

    def exercise(self, id: str) -> Exercise:
        for e in self.exercises:
            if e.id == id:
                return e
        raise KeyError(id)

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def exercises_dir(self) -> Path:
        return self.root / "exercises"

    @property
    def manifest(self) -> Path:
        return self.root / "datasets" / "manifest.yaml"

    def resolve(self, targets: list[str]) -> list[Exercise]:
        """Targets (``lecture2``, an alias, ``lecture2.E03``, ``makemore.E03``) -> exercises, in course order."""
        names = {}
        for lec in self.lectures:
            for key in (lec.id, *lec.aliases):
                names[key] = lec
        chosen: set[str] = set()
        for target in targets:
            # the longest lecture name the target starts with: an alias may hold a dot (lecture7.EX2)
            lecture_key = max((k for k in names if target == k or target.startswith(k + ".")), key=len,
                              default=target.partition(".")[0])
            exercise_key = target[len(lecture_key) + 1:]
            lec = names.get(lecture_key)
            if lec is None:
                raise UsageError(f"unknown lecture {lecture_key!r}{_suggest(lecture_key, names)}; "
                                 f"`coursekit list` shows them all")
            if not exercise_key:
                chosen.update(e.id for e in lec.exercises)
                continue
            ids = {e.id.split(".", 1)[1]: e.id for e in lec.exercises}
            if exercise_key not in ids:
                nested = [k for k in names if k.startswith(lecture_key + ".")]      # lecture7.EX2
                raise UsageError(f"{lec.id} has no exercise {exercise_key!r}{_suggest(exercise_key, ids)}; "
                                 f"it has {', '.join(ids)}" + (f" (and see {', '.join(nested)})" if nested else ""))
            chosen.add(ids[exercise_key])
        return [e for e in self.exercises if e.id in chosen]


def _suggest(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def find_root(start: Path | None = None) -> Path:
    """The course folder: $COURSEKIT_COURSE, else the nearest folder above ``start`` with a course.yaml."""
    if os.environ.get("COURSEKIT_COURSE"):
        return Path(os.environ["COURSEKIT_COURSE"]).resolve()
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / COURSE_FILE).is_file():
            return folder
    raise UsageError(f"no {COURSE_FILE} in {here} or any folder above it; run coursekit inside the "
                     f"course, or set COURSEKIT_COURSE")


class _Reader:
    """Reads one mapping of course.yaml, turning every mistake into a message with its key path."""

    def __init__(self, file: Path, where: str, data: Any):
        if not isinstance(data, dict):
            raise UsageError(f"{file}: {where or 'the top level'}: expected a mapping, got {_kind(data)}")
        self.file, self.where, self.data = file, where, data

    def _fail(self, key: str, expected: str, value: Any = None) -> UsageError:
        path = f"{self.where}.{key}" if self.where else key
        return UsageError(f"{self.file}: {path}: expected {expected}, got {_kind(value)}")

    def get(self, key: str, kind: type | tuple, expected: str, default: Any = ...) -> Any:
        if key not in self.data:
            if default is ...:
                path = f"{self.where}.{key}" if self.where else key
                raise UsageError(f"{self.file}: {path}: missing; expected {expected}")
            return default
        value = self.data[key]
        if not isinstance(value, kind) or (isinstance(value, bool) and kind is not bool):  # YAML's yes/no are no numbers
            raise self._fail(key, expected, value)
        return value

    def number(self, key: str, default: Any = ..., integer: bool = False) -> Any:
        value = self.get(key, (int, float), "a positive number", default)
        if value is not default and value <= 0:
            raise self._fail(key, "a positive number", value)
        return int(value) if integer else value

    def names(self, key: str, allowed: tuple[str, ...] | None, default: tuple) -> tuple[str, ...]:
        value = self.get(key, list, "a list of names", list(default))
        for v in value:
            if not isinstance(v, str) or (allowed is not None and v not in allowed):
                raise self._fail(key, "a list of names" if allowed is None else f"names from {list(allowed)}", v)
        return tuple(value)

    def env(self, key: str) -> tuple[tuple[str, str], ...]:
        value = self.get(key, dict, "a mapping of environment variables", {})
        for name, v in value.items():
            if name not in ENV_NAMES or not isinstance(v, str):
                raise self._fail(key, f"names from {list(ENV_NAMES)} with string values", f"{name}: {v!r}")
        return tuple(sorted(value.items()))

    def child(self, key: str, index: int, data: Any) -> "_Reader":
        return _Reader(self.file, f"{self.where}.{key}[{index}]" if self.where else f"{key}[{index}]", data)


def _kind(value: Any) -> str:
    return f"{type(value).__name__} {value!r}"[:60]


def load(root: Path | None = None) -> Course:
    """Read and validate ``course.yaml`` in ``root`` (found with :func:`find_root` when omitted)."""
    root = root or find_root()
    file = root / COURSE_FILE
    try:
        raw = yaml.safe_load(file.read_text())
    except FileNotFoundError:
        raise UsageError(f"{file}: not found") from None
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        raise UsageError(f"{file}: not valid YAML{where} ({getattr(e, 'problem', e)})") from None
    top = _Reader(file, "", raw)
    defaults = _Reader(file, "defaults", top.get("defaults", dict, "a mapping", {}))
    timeout = defaults.number("timeout", 60)
    memory = defaults.number("memory_mb", 4096, integer=True)
    reach = defaults.get("reach_check", bool, "true or false", True)
    from grader.data import manifest
    known_data = tuple(manifest(root / "datasets" / "manifest.yaml"))

    lectures, seen = [], set()
    for i, lec_raw in enumerate(top.get("lectures", list, "a list of lectures")):
        lec = top.child("lectures", i, lec_raw)
        lid = lec.get("id", str, "a lecture id such as lecture2")
        folder = lec.get("dir", str, "a folder name under exercises/ and solutions/", lid)
        exercises = []
        for j, ex_raw in enumerate(lec.get("exercises", list, "a list of exercises")):
            ex = lec.child("exercises", j, ex_raw)
            eid = f"{lid}.{ex.get('id', str, 'an exercise id such as E01')}"
            if eid in seen:
                raise UsageError(f"{file}: {ex.where}.id: {eid} is defined twice")
            seen.add(eid)
            module = ex.get("module", str, "a .py file under the lecture's folder")
            if not module.endswith(".py") or "/" in module or module.startswith("."):
                raise ex._fail("module", "a .py file name such as bigram.py", module)
            exercises.append(Exercise(
                id=eid, title=ex.get("title", str, "a title"), lecture=lid, dir=folder, module=module,
                points=ex.number("points"), timeout=ex.number("timeout", timeout),
                memory_mb=ex.number("memory_mb", memory, integer=True),
                devices=ex.names("devices", DEVICES, ("cpu",)),
                datasets=ex.names("datasets", known_data, ()),
                reach_check=ex.get("reach_check", bool, "true or false", reach),
                training=ex.get("training", bool, "true or false", False), env=ex.env("env")))
        lectures.append(Lecture(
            id=lid, title=lec.get("title", str, "a title"), video=lec.get("video", str, "a URL", ""),
            dir=folder, aliases=lec.names("aliases", None, ()), exercises=tuple(exercises)))
    return Course(root=root, title=top.get("course", str, "the course's title"),
                  checks=top.get("checks", str, "a Python package of checks", "grader.checks"),
                  lectures=tuple(lectures))
