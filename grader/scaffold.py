"""`coursekit new lecture4.E03`: every place a new exercise touches, written so the course stays valid.

An exercise lives in six places: its entry in course.yaml, the reference solution (the learner's
code between ``# BEGIN SOLUTION`` / ``# END SOLUTION``), the stub made from it under exercises/,
its public and hidden check modules, and a test in which a classic mistake loses the points.
:func:`plan` works all of them out and refuses, before anything is written, a bad id, an
unknown lecture, an exercise that exists and a file that would be overwritten; :func:`write`
then writes them. The exercise they describe is an example (the mean of each row of a
tensor) that grades 100% as the reference and 0% as the stub, so `coursekit validate` is
happy at once and the author replaces it piece by piece.

course.yaml is edited as text, never re-dumped: the new entry goes after the lecture's last
exercise in that entry's own indentation, and the edited file must parse to the old course
plus that entry, so its comments and layout stay as they were.
"""
from __future__ import annotations

import json
import keyword
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from grader import stubs
from grader.course import COURSE_FILE, Course, Lecture
from grader.errors import UsageError
from grader.files import write_atomic

DEFAULT_POINTS = 5

SOLUTION = '''"""{lecture_title}: {title}.

The statement of {id}, as learners read it in their stub. (`coursekit new` wrote an example,
the mean of each row of a tensor, which the checks in {public} and the test in {test}
grade; replace it in all three.)
"""
import torch


def row_means(x: torch.Tensor) -> torch.Tensor:
    """The mean of each row of ``x`` (rows, cols): a tensor of shape (rows,)."""
    # BEGIN SOLUTION
    return x.mean(dim=1)
    # END SOLUTION
'''

PUBLIC = '''"""The public checks of {id}: {title}.

The probe runs in the sandbox on the learner's module and returns plain data; the judge runs in
the grader, is named after what it judges, and takes ``want`` only if the reference must run.
"""
import torch

from grader.check import check
from grader.judge import close


@check(weight=1, case=dict(rows=4, cols=3))
def row_means(sub, rows, cols):
    return {{"means": sub.row_means(torch.randn(rows, cols))}}


@row_means.judge
def row_means_match_reference(got, want):
    return close(got["means"], want["means"], name="row_means(x)")
'''

HIDDEN = '''"""The hidden checks of {id}: the public probes and judges on inputs learners never see."""

CASES = {{"row_means": [dict(rows=6, cols=2)]}}
'''

TEST = '''"""{id}: the reference earns every point; a classic mistake loses them, with feedback that says why.

One test per mistake, each an edit of the reference solution ({solution}).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from grader import course as courses, engine

ROOT = Path(__file__).resolve().parents[2]
EXERCISE = "{id}"


def grade(tmp_path, old: str | None = None, new: str | None = None):
    """EXERCISE's result for its reference solution, with ``old`` replaced by ``new`` when given."""
    course = courses.load(ROOT)
    ex = course.exercise(EXERCISE)
    shutil.copytree(course.solutions / ex.dir, tmp_path / ex.dir, ignore=shutil.ignore_patterns("__pycache__"))
    if old is not None:
        path = tmp_path / ex.dir / ex.module
        text = path.read_text()
        assert text.count(old) == 1, f"{{ex.module}}: expected one {{old!r}}"   # an edit that stopped applying proves nothing
        path.write_text(text.replace(old, new))
    return engine.grade(course, [ex], engine.Options(submission=tmp_path, jobs=1)).exercise(EXERCISE)


def test_the_reference_earns_every_point(tmp_path):
    r = grade(tmp_path)
    assert r.max_points > 0 and r.points == r.max_points, [(c.name, c.status, c.feedback) for c in r.checks]


def test_the_mean_over_the_wrong_dimension(tmp_path):
    r = grade(tmp_path, "x.mean(dim=1)", "x.mean(dim=0)")
    assert r.points == 0
    assert r.check("row_means").feedback == ["row_means(x): expected shape (4,), got (3,)"]
    assert r.check("row_means_case1").feedback == ["row_means(x): expected shape (6,), got (2,)"]
'''

PACKAGE_DOC = {"public": '"""The public checks of {lecture}, one module per exercise."""\n',
               "hidden": '"""The hidden checks of {lecture}, one module per exercise."""\n'}


@dataclass
class Plan:
    """What `coursekit new` writes: files (path -> text, none of which exists) and course.yaml's new text."""
    course: Course
    id: str
    after: str                              # the exercise the entry follows in course.yaml
    solution: Path
    public: Path
    hidden: Path
    test: Path
    files: dict[Path, str] = field(default_factory=dict)
    course_yaml: str = ""

    def relative(self, path: Path) -> str:
        return str(path.relative_to(self.course.root))


def split_id(target: str) -> tuple[str, str]:
    lecture, dot, exercise = target.partition(".")
    if not dot or not all(part.isidentifier() and not keyword.iskeyword(part) for part in (lecture, exercise)):
        raise UsageError(f"bad exercise id {target!r}: expected LECTURE.EXERCISE such as lecture4.E03, each a "
                         f"Python name (letters, digits, _), since the exercise names its check module")
    return lecture, exercise


def find_lecture(course: Course, lecture_id: str, target: str) -> Lecture:
    for lec in course.lectures:
        if lec.id == lecture_id:
            return lec
    aliased = [lec for lec in course.lectures if lecture_id in lec.aliases]
    if aliased:
        raise UsageError(f"{lecture_id} is an alias of {aliased[0].id}: write {aliased[0].id}.{target.partition('.')[2]}")
    raise UsageError(f"unknown lecture {lecture_id!r} in course.yaml; it has {', '.join(lec.id for lec in course.lectures)}"
                     f" (add a lecture there by hand first)")


def plan(course: Course, target: str, module: str | None = None, title: str | None = None,
         points: float = DEFAULT_POINTS) -> Plan:
    """Everything ``coursekit new TARGET`` would write, or a UsageError saying why it must not."""
    lecture_id, name = split_id(target)
    lec = find_lecture(course, lecture_id, target)
    if any(e.id == target for e in lec.exercises):
        raise UsageError(f"{target} already exists in {COURSE_FILE}")
    clash = [other.id for other in course.lectures if target in other.aliases]
    if clash:
        raise UsageError(f"{target} is an alias of lecture {clash[0]} in {COURSE_FILE}: choose another exercise id")
    if not lec.exercises:
        raise UsageError(f"{lec.id} has no exercise yet to add {name} after; write its first entry in "
                         f"{COURSE_FILE} by hand")
    module = module or f"{name.lower()}.py"
    if not module.endswith(".py") or not module[:-3].isidentifier() or keyword.iskeyword(module[:-3]):
        raise UsageError(f"--module {module}: expected a file name such as {name.lower()}.py that Python can "
                         f"import (letters, digits, _)")
    if not (points > 0 and math.isfinite(points)):
        raise UsageError(f"--points {points:g}: expected a positive number")
    if title is not None and (not title.strip() or not title.isprintable()):
        raise UsageError(f"--title {title!r}: expected one line of text")
    title = title or f"{name}: (the exercise's title)"
    if not course.solutions.is_dir():
        raise UsageError(f"{course.solutions}: not found; `coursekit new` writes into the course's own checkout, "
                         f"where the solutions are")
    checks = course.root.joinpath(*course.checks.split("."))
    if not (checks / "__init__.py").is_file():
        raise UsageError(f"{checks}: not the check package {course.checks!r} that {COURSE_FILE} names")

    solution = course.solutions / lec.dir / module
    public = checks / lec.id / f"{name}.py"
    hidden = checks / "hidden" / lec.id / f"{name}.py"
    test = course.root / "tests" / lec.id / f"test_{name}.py"
    p = Plan(course=course, id=target, after=lec.exercises[-1].id, solution=solution, public=public,
             hidden=hidden, test=test)
    names = dict(id=target, title=_docstring(title), lecture_title=_docstring(lec.title), solution=p.relative(solution),
                 public=p.relative(public), test=p.relative(test))
    p.files[solution] = SOLUTION.format(**names)
    p.files[course.exercises_dir / lec.dir / module] = stubs.stub_source(p.files[solution], p.relative(solution))
    for kind, package, path, template in (("public", checks, public, PUBLIC), ("hidden", checks / "hidden", hidden, HIDDEN)):
        for folder in (package, path.parent):       # the packages a new lecture's checks need
            if not (folder / "__init__.py").is_file():
                p.files[folder / "__init__.py"] = PACKAGE_DOC[kind].format(lecture=lec.id) if folder == path.parent else ""
        p.files[path] = template.format(**names)
    tests = course.root / "tests"
    if (tests / "__init__.py").is_file() and not (test.parent / "__init__.py").is_file():
        p.files[test.parent / "__init__.py"] = ""  # like the other lectures' test folders
    p.files[test] = TEST.format(**names)

    taken = [p.relative(path) for path in p.files if path.exists()]
    if taken:
        raise UsageError(f"{taken[0]} already exists; `coursekit new` never overwrites a file"
                         + (" (choose another --module)" if taken[0] == p.relative(solution) else ""))
    entry = {"id": name, "title": title, "module": module, "points": points}
    p.course_yaml = insert_entry((course.root / COURSE_FILE).read_text(), lec.id, entry)
    return p


def write(p: Plan) -> list[Path]:
    """Write the plan's files (each new: a file that appeared meanwhile is an error), then course.yaml.

    Files get the usual permissions (not a temporary file's 0600): the sandbox reads the check
    modules as an unprivileged user."""
    for path, text in p.files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with open(path, "x") as f:
                f.write(text)
        except FileExistsError:
            raise UsageError(f"{p.relative(path)} already exists; `coursekit new` never overwrites a file") from None
    course_yaml = p.course.root / COURSE_FILE
    mode = course_yaml.stat().st_mode & 0o7777
    write_atomic(course_yaml, p.course_yaml)
    course_yaml.chmod(mode)
    return list(p.files)


def next_steps(p: Plan) -> list[str]:
    """What the author does next, in order, one line each."""
    return [
        f"write the statement and the reference in {p.relative(p.solution)} (the learner's code between "
        f"the markers), then run `coursekit stubs` to rewrite its stub",
        f"replace the example checks in {p.relative(p.public)} (public) and {p.relative(p.hidden)} (hidden)",
        f"make the mistake in {p.relative(p.test)} the exercise's classic one, and run "
        f"`python -m pytest {p.relative(p.test)}`",
        f"in {COURSE_FILE}: {p.id}'s title and points, and datasets, devices or timeout if it needs them",
        "run `coursekit validate`: the reference must score 100%, the stub 0%",
    ]


def insert_entry(text: str, lecture_id: str, entry: dict) -> str:
    """course.yaml's ``text`` with ``entry`` after the last exercise of ``lecture_id``, as text.

    The entry copies the indentation of the exercise it follows; a comment indented under that
    exercise stays with it. Refused unless the result parses to the old course plus the entry."""
    lines = text.splitlines(keepends=True)
    last = _last_exercise(yaml.compose(text), lecture_id)
    key_col = last.start_mark.column                                  # where "id:" starts
    first = lines[last.start_mark.line]
    dash = first.rfind("-", 0, key_col)
    if dash < 0 or first[:dash].strip():
        raise UsageError(f"{COURSE_FILE}:{last.start_mark.line + 1}: the exercises of {lecture_id} are not a block "
                         f"list (`- id: …` lines); add {entry['id']} by hand")
    end = _last_scalar(last).end_mark                                 # where its last value ends
    at = end.line + (1 if end.column > 0 else 0)
    while at < len(lines) and lines[at].strip().startswith("#") and _indent(lines[at]) > dash:
        at += 1                                                       # its own trailing comments
    keys = [f"{k}: {_scalar(k, v)}\n" for k, v in entry.items()]
    block = [" " * dash + "-" + " " * (key_col - dash - 1) + keys[0]] + [" " * key_col + k for k in keys[1:]]
    if at > 0 and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    new = "".join(lines[:at] + block + lines[at:])
    old, got = yaml.safe_load(text), yaml.safe_load(new)
    for lec in old["lectures"]:
        if lec["id"] == lecture_id:
            lec["exercises"].append(entry)
    if got != old:
        raise UsageError(f"{COURSE_FILE}: could not add {entry['id']} after {lecture_id}'s last exercise without "
                         f"changing something else; add it by hand")
    return new


def _last_exercise(root: yaml.Node, lecture_id: str) -> yaml.MappingNode:
    top = dict((k.value, v) for k, v in root.value) if isinstance(root, yaml.MappingNode) else {}
    for lec in getattr(top.get("lectures"), "value", []):
        fields = dict((k.value, v) for k, v in lec.value)
        if getattr(fields.get("id"), "value", None) == lecture_id:
            items = fields["exercises"].value
            if not items or not isinstance(items[-1], yaml.MappingNode) or items[-1].flow_style:
                break
            return items[-1]
    raise UsageError(f"{COURSE_FILE}: the exercises of {lecture_id} are not a block list of mappings; "
                     f"add the new entry by hand")


def _last_scalar(node: yaml.Node) -> yaml.Node:
    """The last scalar (or flow collection) of a block collection: a block one ends only where the next token starts."""
    while isinstance(node, yaml.CollectionNode) and not node.flow_style and node.value:
        node = node.value[-1][1] if isinstance(node, yaml.MappingNode) else node.value[-1]
    return node


def _docstring(text: str) -> str:
    """``text`` as it may stand inside a triple-quoted docstring."""
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _scalar(key: str, value) -> str:
    """``value`` as course.yaml writes it: titles double-quoted, names plain where YAML reads them back as is."""
    if isinstance(value, str):
        plain = key != "title" and re.fullmatch(r"[A-Za-z_][\w.]*", value) and yaml.safe_load(value) == value
        return value if plain else json.dumps(value, ensure_ascii=False)
    return f"{value:g}" if isinstance(value, float) else str(value)
