"""Notebooks: generate one, grade it from a terminal and from inside a running kernel, grade a
class of them, and say clearly what is wrong with a notebook that cannot be graded.

Most tests only read and write notebook files (fast). The graded ones use small exercises
(lecture2.E04, E05) except the two that show the whole lecture at 100% and 0%; one test
module fixture executes a real notebook in a real kernel, once (nbclient + ipykernel,
test-only dependencies).
"""
from __future__ import annotations

import ast
import csv
import json
import linecache
import re
import shutil
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader import notebook
from grader.cli import main
from tests.conftest import ROOT


def run(*args, course=ROOT):
    result = CliRunner().invoke(main, ["--course", str(course), *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


def module_of(course, tag: str) -> str:
    return course.exercise(tag).module if "/" not in tag else tag.split("/", 1)[1]


def as_json(node) -> dict:
    """A notebook as JSON, each cell's source as one string (a file may hold a list of lines)."""
    import nbformat
    nb = json.loads(nbformat.writes(node))
    for cell in nb["cells"]:
        cell["source"] = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    return nb


def generated(course, lecture: str = "lecture2", fill: tuple[str, ...] | str = ()) -> dict:
    """The notebook `coursekit notebook` writes, as JSON, with the tagged cells of the exercises in
    ``fill`` (or "all") replaced by the reference solution files."""
    lec = next(x for x in course.lectures if x.id == lecture)
    nb = as_json(notebook.build(course, lec))
    for cell in nb["cells"]:
        tags = cell["metadata"].get("tags", [])
        if tags and (fill == "all" or set(tags) & set(fill)):
            cell["source"] = (course.solutions / lec.dir / module_of(course, tags[0])).read_text()
    return nb


def save(nb: dict, path: Path) -> Path:
    path.write_text(json.dumps(nb))
    return path


def cell_of(nb: dict, tag: str) -> tuple[int, dict]:
    """(1-based number, cell) of the cell tagged ``tag``."""
    return next((n, c) for n, c in enumerate(nb["cells"], 1) if tag in c["metadata"].get("tags", []))


# --------------------------------------------------------------------------- writing

def test_notebook_command_writes_the_lecture_from_its_stubs(course, tmp_path):
    out = tmp_path / "l2.ipynb"
    code, _, err = run("notebook", "makemore", "--out", out)
    assert code == 0 and f"notebook written to {out}" in err
    import nbformat
    nb = nbformat.read(out, as_version=4)
    nbformat.validate(nb)
    from grader import stubs
    stub = {p.name: text for p, text in stubs.expected(course).items() if p.parent.name == "lecture2"}
    lec = next(x for x in course.lectures if x.id == "lecture2")
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for ex in lec.exercises:
        number, cell = cell_of(as_json(nb), ex.id)
        doc, body = notebook.split_docstring(stub[ex.module])
        assert cell["source"] + "\n" == body                     # the stub, less its docstring
        assert cell["metadata"]["tags"] == [ex.id]
        assert f"## `{ex.id}`: {ex.title} ({ex.points:g} points)" in markdown and doc in markdown
        assert nb.cells[number].source == f'check("{ex.id}", globals())'   # the cell under it grades it
    assert nb.cells[-1].source == 'check("lecture2", globals())'
    assert 'words = dataset("names").splitlines()' in nb.cells[1].source
    assert nb.metadata.coursekit.lecture == "lecture2"

    assert run("notebook", "lecture2", "--out", out) == (
        2, "", f"coursekit: --out {out}: already exists and may hold your work; rerun with --force to overwrite it\n")
    assert run("notebook", "lecture2.E04", "--out", tmp_path / "x.ipynb")[2] == \
        "coursekit: lecture2.E04: give a lecture, such as lecture2, not an exercise\n"
    assert run("notebook", "lecture2", "--out", out, "--force")[0] == 0


def test_a_bundle_notebook_starts_from_the_stubs_unless_asked(tmp_path):
    """In a student bundle (no solutions/), the cells are the stubs as released (the bundle's
    stubs/), not the learner's files, an endless loop and all; --from-files takes those."""
    from tests.conftest import TOY
    bundle = tmp_path / "bundle"
    assert run("release", "--out", bundle, course=TOY)[0] == 0
    mine = bundle / "exercises" / "basics" / "answer.py"
    stub = mine.read_text()
    mine.write_text("def answer() -> int:\n    while True:\n        pass\n")

    def cells(name: str, *args) -> tuple[str, str, str]:
        out = tmp_path / name
        code, _, err = run("notebook", "basics", "--out", out, *args, course=bundle)
        assert code == 0, err
        nb = json.loads(out.read_text())
        return "".join(cell_of(nb, "basics.answer")[1]["source"]), "".join(cell_of(nb, "basics.add")[1]["source"]), err

    answer, add, err = cells("a.ipynb")
    assert answer + "\n" == notebook.split_docstring(stub)[1] and "raise NotImplementedError" in add
    assert "(its cells from the stubs)" in err
    answer, add_, err = cells("b.ipynb", "--from-files")
    assert (answer, add_) == ("def answer() -> int:\n    while True:\n        pass", add)
    assert "(its cells from your files in exercises/)" in err

    mine.write_text("def answer() -> int\n")
    assert run("notebook", "basics", "--out", tmp_path / "x.ipynb", "--from-files", course=bundle) == (
        2, "", "coursekit: exercises/basics/answer.py, line 1: syntax error (expected ':'); fix it, or leave out "
               "--from-files to start from the stubs\n")
    shutil.rmtree(bundle / "stubs")                       # a bundle released before it carried them
    mine.write_text(stub)
    assert cells("c.ipynb")[2].startswith(f"notebook written to {tmp_path / 'c.ipynb'} (its cells from your files in "
                                 f"exercises/: this bundle has no stubs/basics/, the stubs as released, which "
                                 f"`coursekit release` writes)")


def test_validate_compares_every_notebook_with_the_stubs(course, toy, monkeypatch):
    assert notebook.drift(course) == [] and notebook.drift(toy) == []
    build = notebook.build

    def edited(course_, lecture, expected=None):
        nb = build(course_, lecture, expected)
        for cell in nb.cells:
            if "lecture2.bigram" in cell.metadata.get("tags", []):
                cell.source += "\nx = 1"
        return nb
    monkeypatch.setattr(notebook.reading, "build", edited)     # where drift looks it up
    assert notebook.drift(course) == ["notebook lecture2: the cell of lecture2/bigram.py differs from its stub"]


OPTIONAL_EXTRAS = {"triton"}     # the kernels extra: README's first command leaves it out


def test_every_lecture_comes_back_from_its_notebook_both_ways(course, tmp_path, monkeypatch):
    """Reference notebooks of every lecture: read from the file (tags) and from a kernel's
    namespace (simulated as IPython runs cells: compiled under a file name linecache knows)
    give back each solution file's code."""
    def same(text: str, path: Path) -> bool:
        code = lambda t: ast.dump(ast.parse(notebook.split_docstring(t)[1]))   # noqa: E731
        return code(text) == code(path.read_text())

    for lec in course.lectures:
        nb = generated(course, lec.id, "all")
        # its exercises' files and what they import: lecture 7's notebook leaves the addition out,
        # the addition's (in the same folder) has gpt.py, which its training imports
        files = [course.solutions / lec.dir / f for f in notebook.stub_texts(course, lec)]
        assert {f.name for f in files} >= {e.module for e in lec.exercises}
        folder = tmp_path / lec.id
        sub = notebook.convert(course, save(nb, tmp_path / f"{lec.id}.ipynb"), list(lec.exercises), folder)
        for f in files:
            assert same((folder / lec.dir / f.name).read_text(), f), (lec.id, f.name)
        assert all(re.fullmatch(r"[\w., ]+: cell \d+", n) for n in sub.notes), sub.notes

        main_ = types.ModuleType("__main__")
        ns = main_.__dict__
        ns["In"] = [""]
        for f in files:                                                # `from mlp import …` finds the notebook
            monkeypatch.setitem(sys.modules, f.stem, main_)
        try:
            for n, cell in enumerate(c for c in nb["cells"] if c["metadata"].get("tags")):
                name = f"/tmp/ipykernel_0/{lec.id}-{n}.py"
                linecache.cache[name] = (len(cell["source"]), None, cell["source"].splitlines(True), name)
                ns["In"].append(cell["source"])
                exec(compile(cell["source"], name, "exec"), ns)
        except ModuleNotFoundError as e:    # an optional extra's lecture, in a venv without the extra
            if e.name not in OPTIONAL_EXTRAS:
                raise
            continue
        modules, notes, empty = notebook.kernel_modules(course, lec, ns, {e.module for e in lec.exercises})
        assert (notes, empty) == ([], {})
        for f in files:     # gpt2's model.py: a dataclass (found through In) shares a cell with classes
            assert same(modules[f"{lec.dir}/{f.name}"].text, f), (lec.id, f.name, "kernel")


def test_the_kernel_grades_what_ran_and_keeps_modules_apart(course):
    """neural.py and indexing.py both define bigram_loss: each module gets its own, whichever ran
    last. A function redefined in a later cell wins; a helper from another cell comes along; a
    notebook variable a function uses is named, not silently dropped."""
    ns: dict = {"__name__": "__main__", "In": [""]}

    def cell(source: str) -> None:
        n = len(ns["In"])
        name = f"/tmp/ipykernel_0/{n}.py"
        linecache.cache[name] = (len(source), None, source.splitlines(True), name)
        ns["In"].append(source)
        exec(compile(source, name, "exec"), ns)

    cell((course.solutions / "lecture2" / "neural.py").read_text())
    cell((course.solutions / "lecture2" / "indexing.py").read_text())
    cell("def helper(n):\n    return n * SCALE\n\nSCALE = 3\nwords = ['emma'] * 20000\n")
    cell("import torch\n\ndef make_dataset(words_, stoi):\n    return helper(len(words_)), words\n")
    lec = next(x for x in course.lectures if x.id == "lecture2")
    modules, notes, empty = notebook.kernel_modules(course, lec, ns, {"neural.py", "indexing.py", "bigram.py"})
    neural, indexing = modules["lecture2/neural.py"].text, modules["lecture2/indexing.py"].text
    assert "F.one_hot(xs" in neural and "logits = bigram_logits(W, xs)" in indexing
    assert neural.count("def make_dataset") == 1 and "return helper(len(words_)), words" in neural
    assert "SCALE = 3\n" in neural and "def helper(n):" in neural
    assert notes == ["lecture2/neural.py uses notebook variables, which the grader does not have (pass them as "
                     "arguments): words (list)"]
    assert empty["bigram.py"].endswith("is defined in this notebook yet: run its cell first")


def test_importing_the_notebook_check_stays_light():
    code = "import sys; from grader.notebook import check; assert callable(check); assert 'torch' not in sys.modules; print('ok')"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT).stdout == "ok\n"


# --------------------------------------------------------------------------- bad notebooks

def test_bad_notebooks_are_one_line_errors(course, tmp_path):
    not_json = tmp_path / "a.ipynb"
    not_json.write_text('{"cells": [')
    code, out, err = run("grade", "lecture2.E04", "--submission", not_json)
    assert (code, out) == (2, "") and err.startswith(f"coursekit: {not_json}: not a Jupyter notebook (not valid JSON: ")
    assert err.count("\n") == 1

    old = save({"nbformat": 3, "nbformat_minor": 0, "worksheets": [{"cells": []}], "metadata": {}}, tmp_path / "b.ipynb")
    assert run("grade", "lecture2.E04", "--submission", old) == (
        2, "", f"coursekit: {old}: notebook format 3, coursekit reads format 4; open the notebook in Jupyter and "
               f"save it, which writes format 4\n")

    nb = generated(course, fill=("lecture2.E04",))
    number, cell = cell_of(nb, "lecture2.E04")
    line = cell["source"].splitlines().index("def bigram_logits(W, xs):") + 1
    cell["source"] = cell["source"].replace("def bigram_logits(W, xs):", "def bigram_logits(W, xs)")
    broken = save(nb, tmp_path / "c.ipynb")
    assert run("grade", "lecture2.E04", "--submission", broken) == (
        2, "", f"coursekit: {broken}: cell {number}, line {line}: syntax error (expected ':')\n")

    empty = save({"nbformat": 4, "nbformat_minor": 5, "metadata": {},
                  "cells": [{"cell_type": "markdown", "metadata": {}, "source": "# my notes"}]}, tmp_path / "d.ipynb")
    assert run("grade", "lecture2", "--submission", empty) == (
        2, "", f"coursekit: {empty}: no cell holds lecture2 exercises: none is tagged with an exercise id (such as "
               f"lecture2.bigram) and no code cell defines their functions\n")


def test_untagged_notebook_is_graded_from_its_functions(course, tmp_path):
    """A notebook written while following the lecture: no tags, shell and magic lines, data loading,
    a training loop and a plot. Only the imports and functions go to the grader, and it says so."""
    solution = (course.solutions / "lecture2" / "indexing.py").read_text()
    first, second = solution.split("\n\n\ndef bigram_loss")
    cells = ["# Indexing instead of one-hot",
             "!pip install torch\n%matplotlib inline\nimport torch\nimport matplotlib.pyplot as plt",
             "words = open('names.txt').read().splitlines()\nxs, ys = torch.tensor([0, 1]), torch.tensor([1, 0])",
             first.replace("import torch\n", ""),
             "def bigram_loss" + second,
             "W = torch.randn(27, 27, requires_grad=True)\nfor _ in range(100):\n    loss = bigram_loss(W, xs, ys)\n"
             "    W.grad = None\n    loss.backward()\n    W.data -= 50 * W.grad\nplt.plot([1, 2])"]
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown" if i == 0 else "code", "metadata": {}, "source": s,
         **({} if i == 0 else {"outputs": [], "execution_count": None})} for i, s in enumerate(cells)]}
    code, out, err = run("grade", "lecture2.E04", "--submission", save(nb, tmp_path / "mine.ipynb"))
    assert code == 0, err
    assert "Total" in out and "5 / 5  (100.0%)" in out
    assert err == ("lecture2.E04: no cell is tagged lecture2.E04; took bigram_logits, bigram_loss from untagged "
                   "cells 2, 4, 5\n")


def test_untagged_notebook_takes_a_name_from_the_cell_under_its_heading(course, tmp_path):
    """neural.py and indexing.py both define bigram_loss. With the tags gone (cells copied into a
    notebook of one's own), each exercise takes it from the code under the heading that names it,
    as `coursekit notebook` writes them, up to the next heading of its level (a cell under the
    learner's own "# Experiments" is not under it). Where no heading decides, the exercise is an
    error that names the cells."""
    nb = generated(course, fill=("lecture2.neural",))          # indexing.py's cell is still its stub
    neural, indexing = cell_of(nb, "lecture2.neural")[0], cell_of(nb, "lecture2.E04")[0]
    for cell in nb["cells"]:
        cell["metadata"].pop("tags", None)
    nb["cells"] += [{"cell_type": "markdown", "metadata": {}, "source": "# Experiments\n\nNot graded."},
                    {"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None,
                     "source": "def bigram_loss(W, xs, ys, reg=0.01):\n    return W.sum()"}]
    code, out, err = run("grade", "lecture2.neural", "--submission", save(nb, tmp_path / "headed.ipynb"))
    assert code == 0 and "10 / 10  (100.0%)" in out
    assert err == (f"lecture2.neural: no cell is tagged lecture2.neural; took make_dataset, bigram_loss, "
                   f"train_neural_bigram from untagged cell {neural}\n")

    del nb["cells"][-2:]
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown":
            cell["source"] = "my notes"
    code, out, err = run("grade", "lecture2.neural", "lecture2.E04", "--submission", save(nb, tmp_path / "bare.ipynb"),
                         "--format", "json")
    said = {e: f"bigram_loss is defined in cells {neural} and {indexing}; tag the cell to grade with {e}, or "
               f"delete the other" for e in ("lecture2.neural", "lecture2.E04")}
    assert code == 0 and err == "".join(f"{e}: {m}\n" for e, m in said.items())
    for exercise in json.loads(out)["exercises"]:
        first, *rest = exercise["checks"]
        assert {c["status"] for c in exercise["checks"]} == {"error"} and exercise["points"] == 0
        assert first["feedback"] == [said[exercise["id"]]]
        assert all(c["feedback"] == [f"not run (see {first['name']})"] for c in rest)


def test_output_images_are_never_read(course, tmp_path):
    nb = generated(course, fill=("lecture2.E05",))
    _, cell = cell_of(nb, "lecture2.E05")
    cell["outputs"] = [{"output_type": "display_data", "metadata": {},
                        "data": {"image/png": "iVBORw0KGgo" + "A" * (8 << 20), "text/plain": "<Figure>"}}]
    path = save(nb, tmp_path / "plots.ipynb")
    started = time.monotonic()
    sub = notebook.convert(course, path, [course.exercise("lecture2.E05")], tmp_path / "out")
    assert time.monotonic() - started < 10
    assert "AAAA" not in (tmp_path / "out" / "lecture2" / "cross_entropy.py").read_text()
    assert sub.notes == [f"lecture2.E05: cell {cell_of(nb, 'lecture2.E05')[0]}"]
    code, out, _ = run("grade", "lecture2.E05", "--submission", path)
    assert code == 0 and "5 / 5  (100.0%)" in out


# --------------------------------------------------------------------------- a whole lecture

def test_stub_notebook_scores_zero(course, tmp_path):
    code, out, err = run("grade", "lecture2", "--submission", save(generated(course), tmp_path / "stub.ipynb"))
    assert code == 0 and "0 / 50  (0.0%)" in out
    assert "not implemented yet: `build_vocab` in bigram.py" in out
    assert err.splitlines()[0] == "lecture2.bigram: cell 4"


@pytest.fixture(scope="module")
def executed(course, tmp_path_factory):
    """The generated notebook, filled with the reference, run top to bottom in a real kernel
    (with two more cells at the end: a broken bigram_logits, and its check)."""
    pytest.importorskip("ipykernel", reason="test-only dependency: pip install nbclient ipykernel")
    nbclient = pytest.importorskip("nbclient", reason="test-only dependency: pip install nbclient ipykernel")
    import nbformat
    nb = generated(course, fill="all")
    nb["cells"] = [c for c in nb["cells"] if not c["source"].startswith("check(")
                   or c["id"] in ("check-bigram-py", "grade-all")]          # one exercise's check, and all
    nb["cells"] += [nbformat.v4.new_code_cell("def bigram_logits(W, xs):\n    return W[xs] + offset\n"),
                    nbformat.v4.new_code_cell('check("lecture2.E04", globals())')]
    node = nbformat.from_dict(nb)
    started = time.monotonic()
    nbclient.NotebookClient(node, timeout=600, kernel_name="python3",
                            resources={"metadata": {"path": str(ROOT)}}).execute()
    seconds = time.monotonic() - started
    path = tmp_path_factory.mktemp("executed") / "lecture2.ipynb"
    nbformat.write(node, path)
    print(f"\nexecuted the lecture2 notebook in {seconds:.1f} s")
    return node, path


def outputs(cell) -> tuple[str, str]:
    data = next(o["data"] for o in cell["outputs"] if o["output_type"] == "execute_result")
    return data["text/plain"], data["text/html"]


def test_check_in_a_kernel_shows_the_score(executed):
    node, _ = executed
    errors = [o for c in node.cells for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors == []
    one = next(c for c in node.cells if c.get("id") == "check-bigram-py")
    text, page = outputs(one)
    assert text.splitlines()[0].startswith("lecture2.bigram  Bigram counts") and "10 / 10  (100.0%)" in text
    assert "<table" in page and "<b>lecture2.bigram</b>" in page and "passed" in page

    text, page = outputs(next(c for c in node.cells if c.get("id") == "grade-all"))
    assert "Total" in text and "50 / 50  (100.0%)" in text and "FAILED" not in text and "Note" not in text
    assert "<b>50 / 50 (100.0%)</b>" in page

    broken = node.cells[-2]
    text, page = outputs(node.cells[-1])
    assert "0 / 5  (0.0%)" in text and "NameError: name 'offset' is not defined" in text
    assert f"In [{broken.execution_count}], line 2, in bigram_logits" in text     # pointed at the cell
    assert "NameError" in page and "color:#9a6700" in page


@pytest.fixture(scope="module")
def saved(course, tmp_path_factory, request) -> Path:
    """The executed notebook, outputs and all; without a kernel to run it, the filled-in one."""
    try:
        return request.getfixturevalue("executed")[1]
    except pytest.skip.Exception:
        return save(generated(course, fill="all"), tmp_path_factory.mktemp("filled") / "lecture2.ipynb")


def test_reference_notebook_scores_100_from_the_command_line(saved):
    path = saved
    code, out, err = run("grade", "lecture2", "--submission", path, "--format", "json")
    assert code == 0, err
    body = json.loads(out)
    assert (body["percent"], body["submission"]) == (100.0, str(path))
    assert err.splitlines()[:2] == ["lecture2.bigram: cell 4", "lecture2.neural: cell 7"]


# --------------------------------------------------------------------------- a class of notebooks

def test_batch_grades_a_folder_of_notebooks(course, tmp_path):
    subs = tmp_path / "submissions"
    subs.mkdir()
    save(generated(course, fill=("lecture2.E05",)), subs / "alice.ipynb")
    (subs / "bob.ipynb").write_text("this is not a notebook")
    buggy = generated(course, fill=("lecture2.E05",))
    number, cell = cell_of(buggy, "lecture2.E05")
    lines = cell["source"].splitlines()
    at = next(i for i, line in enumerate(lines) if "return F.cross_entropy" in line)
    lines[at] = lines[at].replace("return F.cross_entropy", "return undefined + F.cross_entropy")
    cell["source"] = "\n".join(lines)
    save(buggy, subs / "dave.ipynb")
    cell["source"] = cell["source"].replace("def ce_loss(logits, ys):", "def ce_loss(logits, ys)")
    save(buggy, subs / "erin.ipynb")                      # a syntax error costs her, not the class
    (subs / "carol" / "lecture2").mkdir(parents=True)
    (subs / "carol" / "lecture2" / "cross_entropy.py").write_text(
        (course.exercises_dir / "lecture2" / "cross_entropy.py").read_text())

    code, _, err = run("batch", subs, "lecture2.E05", "--out", tmp_path / "grades.csv", "--jobs", "1")
    assert code == 0, err
    rows = {r["learner"]: r for r in csv.DictReader((tmp_path / "grades.csv").open())}
    grades = {name: float(r["points"]) for name, r in rows.items()}
    assert grades == {"alice": 5.0, "bob": 0.0, "carol": 0.0, "dave": 1.4286, "erin": 0.0}   # dave: manual_loss
    assert rows["bob"]["status"] == "error"               # no notebook at all: the row says so
    assert rows["bob"]["error"].startswith("bob.ipynb: not a Jupyter notebook (not valid JSON")
    reports = tmp_path / "reports"
    dave = json.loads((reports / "dave.json").read_text())
    assert dave["submission"] == str(subs / "dave.ipynb")
    feedback = "\n".join(m for c in dave["exercises"][0]["checks"] for m in c["feedback"])
    assert f"cell {number}, line {at + 1}, in ce_loss" in feedback
    assert "cross_entropy.py" not in feedback
    erin = json.loads((reports / "erin.json").read_text())
    line = cell["source"].splitlines().index("def ce_loss(logits, ys)") + 1
    assert erin["exercises"][0]["checks"][0]["feedback"][0] == f"syntax error in cell {number}, line {line}: expected ':'"
    stamps = {p.name: p.stat().st_mtime_ns for p in reports.iterdir()}
    code, _, err = run("batch", subs, "lecture2.E05", "--out", tmp_path / "grades.csv")
    assert code == 0 and "5 learners graded" in err
    assert {p.name: p.stat().st_mtime_ns for p in reports.iterdir()} == stamps      # resumed: nobody regraded


def test_a_shared_folder_gives_each_lecture_the_files_it_needs(course):
    """lecture7/ holds lecture 7 and its EX2: each notebook has its own files and what they import."""
    def files(name):
        lec = next(lec for lec in course.lectures if lec.id == name)
        return [f for f, _ in notebook._files(course, lec, notebook.stub_texts(course, lec))]   # in order
    assert files("lecture7") == ["gpt.py", "fused_attention.py", "kv_cache.py", "pretrain.py", "rope.py",
                                 "rmsnorm.py", "swiglu.py", "gqa.py", "alibi.py", "qknorm.py"]
    assert files("gpt_addition") == ["gpt.py", "addition.py", "train.py", "calculator.py"]


# --------------------------------------------------------------------------- feedback

def test_places_and_missing_files_come_back_from_fields_not_wording(course, tmp_path):
    """Submission.finish reads CheckResult.error and .frames: the sandbox's places are shown as
    cells; a learner's text that only looks like a place, or names another line, stays."""
    from grader.notebook.assembly import statements
    from grader.result import CheckResult, ExerciseResult, Report
    source = "import torch\n\ndef ce_loss(logits, ys):\n    return undefined\n"
    module = notebook.Module("cross_entropy.py", statements(source, "cell 9", object()))
    sub = notebook.Submission(folder=tmp_path, notebook=tmp_path / "nb.ipynb",
                              modules={"lecture2/cross_entropy.py": module},
                              reasons={"lecture2.E04": "no cell of nb.ipynb is tagged lecture2.E04 \x1b[2J"})
    raised = CheckResult("lecture2.E05.x", "x", False, "error", 0, 1, feedback=[
        "NameError: see cross_entropy.py, line 1 or cross_entropy.py, line 40",
        'File "cross_entropy.py", line 4, in ce_loss\n    return undefined\n'
        'and cross_entropy.py, line 4 but not cross_entropy.py, line 41 nor mycross_entropy.py, line 4'],
        error="exception", frames=[("cross_entropy.py", 4)])
    missing = CheckResult("lecture2.E04.y", "y", False, "failed", 0, 1, feedback=["lecture2/indexing.py is missing"],
                          error="missing")
    report = Report("folder", "cpu", "x", True, "isolated", [
        ExerciseResult("lecture2.E05", "t", "lecture2/cross_entropy.py", 0, 1, [raised]),
        ExerciseResult("lecture2.E04", "t", "lecture2/indexing.py", 0, 1, [missing])])
    sub.finish(report)
    assert raised.feedback == [
        "NameError: see cross_entropy.py, line 1 or cross_entropy.py, line 40",
        "cell 9, line 4, in ce_loss\n    return undefined\n"
        "and cell 9, line 4 but not cross_entropy.py, line 41 nor mycross_entropy.py, line 4"]
    assert missing.feedback == ["no cell of nb.ipynb is tagged lecture2.E04 \\x1b[2J"]
    assert report.submission == str(tmp_path / "nb.ipynb")
    assert set(report.to_dict()["exercises"][0]["checks"][0]) == {    # the JSON report is as before
        "id", "name", "hidden", "status", "points", "max_points", "feedback"}


def test_feedback_html_escapes_what_the_learner_wrote(course, tmp_path):
    """Markup in what the learner's code printed and raised reaches the page as text, and control
    characters as their escapes; the traceback still points at the cell."""
    from tests.conftest import grade
    nb = generated(course, fill=("lecture2.E05",))
    number, cell = cell_of(nb, "lecture2.E05")
    lines = cell["source"].splitlines()
    at = next(i for i, line in enumerate(lines) if "return F.cross_entropy" in line)
    lines[at] = ('    print("<script>alert(1)</script>\\x1b[2J"); '
                 'raise ValueError("<img src=x onerror=alert(2)> \\x1b[2J")')
    cell["source"] = "\n".join(lines)
    path = save(nb, tmp_path / "markup.ipynb")
    exercises = [course.exercise("lecture2.E05")]
    from grader import submission
    with submission.opened(course, path, exercises) as sub:
        report = sub.finish(grade(course, ["lecture2.E05"], sub.folder))
    feedback = notebook.Feedback(report, notes=["<script>alert(3)</script>"])
    page = feedback._repr_html_()
    assert "<script" not in page and "<img" not in page and "\x1b" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;\\x1b[2J" in page                       # what it printed
    assert "ValueError: &lt;img src=x onerror=alert(2)&gt; \\x1b[2J" in page            # what it raised
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in page                               # a note
    assert f"cell {number}, line {at + 1}, in ce_loss" in page
