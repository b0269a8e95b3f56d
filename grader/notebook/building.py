"""Building a notebook: ``coursekit notebook lecture2`` writes the lecture from its stubs.

Per stub file (``stubs.expected``; in a student bundle the pristine copy it ships, never
the learner's edited files unless asked: ``--from-files``), the statement in markdown (exercise titles from
course.yaml, the module's docstring) and one code cell holding the stub's code, tagged with
the ids of its exercises (cell metadata ``tags``, e.g. ``["lecture2.bigram"]``), then a
``check(...)`` cell. The tags are what ``reading`` later finds a module's cells by, so the
file list and tags are computed here once (``_files``, ``_tags``) and reused there.
"""
from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path

from grader.errors import UsageError

SHIPPED = "stubs"      # a student bundle's copy of exercises/ as released (grader/release.py writes it)
DATA_NAMES = {"names": ("words", ".splitlines()", "the 32,033 names of makemore"),
              "tinyshakespeare": ("text", "", "tiny Shakespeare, 1,115,394 characters")}



def stub_texts(course, lecture, expected: dict | None = None, from_files: bool = False) -> dict[str, str]:
    """{file under the lecture's folder: its stub} for the files the lecture needs (see
    ``_needed``): the pristine stubs, from solutions/ or in a student bundle (no solutions)
    from the copy the bundle ships (``SHIPPED``). ``from_files``: the files in exercises/
    instead, as the learner has them now (a stub file missing there stays pristine). A
    bundle released before it shipped that copy has only exercises/, which is then read."""
    folder = course.exercises_dir / lecture.dir
    if (course.solutions / lecture.dir).is_dir():
        from grader import stubs
        expected = stubs.expected(course) if expected is None else expected
        texts = {p.relative_to(folder).as_posix(): t for p, t in expected.items() if p.parent == folder}
    else:
        texts = _read_folder(course.root / SHIPPED / lecture.dir, course.root)
    if from_files or not texts:
        texts |= _read_folder(folder, course.root, "leave out --from-files to start from the stubs" if from_files
                              else f"this bundle has no {SHIPPED}/ to start from instead")
    return _needed(lecture, texts)


def cells_from(course, lecture_name: str, from_files: bool = False) -> str:
    """Where ``stub_texts`` takes a lecture's cells from, as the learner is told."""
    lecture = _lecture(course, lecture_name)
    if from_files:
        return "your files in exercises/"
    if (course.solutions / lecture.dir).is_dir() or (course.root / SHIPPED / lecture.dir).is_dir():
        return "the stubs"
    return (f"your files in exercises/: this bundle has no {SHIPPED}/{lecture.dir}/, the stubs as released, "
            f"which `coursekit release` writes")


def _read_folder(folder: Path, root: Path, learners: str = "") -> dict[str, str]:
    """{name: text} of the ``.py`` files of ``folder``; for the learner's files (``learners``:
    what else they can do), one that is not Python yet is a UsageError naming it."""
    texts = {p.name: p.read_text() for p in sorted(folder.glob("*.py"))}
    for name, text in texts.items() if learners else ():
        try:
            ast.parse(text)
        except SyntaxError as e:
            raise UsageError(f"{(folder / name).relative_to(root)}, line {e.lineno}: syntax error ({e.msg}); "
                             f"fix it, or {learners}") from None
    return texts


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


# --------------------------------------------------------------------------- the notebook

def build(course, lecture, expected: dict | None = None, from_files: bool = False):
    """The learner notebook of ``lecture`` (an nbformat NotebookNode), from the stubs
    (``from_files``: from the learner's files in exercises/, see ``stub_texts``)."""
    import nbformat
    from nbformat import v4

    stubs = stub_texts(course, lecture, expected, from_files)
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


def write(course, lecture_name: str, out: Path | None, force: bool = False, from_files: bool = False) -> Path:
    """Write ``lecture_name``'s notebook to ``out`` (default ``<lecture>.ipynb`` here), its cells
    from the stubs or (``from_files``) from the learner's files in exercises/."""
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
    write_atomic(out, nbformat.writes(build(course, lecture, from_files=from_files)) + "\n")
    return out
