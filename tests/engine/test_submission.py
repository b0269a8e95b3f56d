"""Every shape a submission arrives in is graded as its folder would be, by grade, batch and Gradescope."""
import csv
import json
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from tests.conftest import TOY
from tests.engine.test_release import autograder

ARITH = (TOY / "solutions" / "basics" / "arith.py").read_text()
WRONG_ANSWER = "def answer():\n    return 41\n"       # basics.add right (4 points), basics.answer wrong (0 of 2)


def lecture_files(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "arith.py").write_text(ARITH)
    (folder / "answer.py").write_text(WRONG_ANSWER)
    return folder


def zipped(folder: Path, archive: Path) -> Path:
    with zipfile.ZipFile(archive, "w") as z:
        for path in sorted(folder.rglob("*")):
            z.write(path, path.relative_to(folder))
    return archive


def notebook(path: Path) -> Path:
    """An untagged notebook whose cells define the functions (graded from its functions)."""
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# my work"), nbformat.v4.new_code_cell(ARITH),
                nbformat.v4.new_code_cell(WRONG_ANSWER)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb))
    return path


def layout(kind: str, root: Path) -> Path:
    """The same work, handed in as ``kind``; the path to grade."""
    if kind == "lecture folders":
        lecture_files(root / "sub" / "basics")
        return root / "sub"
    if kind == "one lecture's files":
        return lecture_files(root / "sub")
    if kind == "bundle clone":
        lecture_files(root / "clone" / "exercises" / "basics")
        (root / "clone" / "README.md").write_text("the student bundle\n")
        return root / "clone"
    if kind == "a folder in a folder":
        lecture_files(root / "upload" / "my-work" / "basics")
        return root / "upload"
    if kind == "zip of a bundle clone":
        lecture_files(root / "clone" / "coursekit" / "exercises" / "basics")
        return zipped(root / "clone", root / "work.zip")
    if kind == "zip of one lecture's files":
        return zipped(lecture_files(root / "flat"), root / "work.zip")
    if kind == "notebook":
        return notebook(root / "work.ipynb")
    if kind == "folder holding a notebook":
        notebook(root / "upload" / "basics.ipynb")
        return root / "upload"
    raise AssertionError(kind)


LAYOUTS = ["lecture folders", "one lecture's files", "bundle clone", "a folder in a folder", "zip of a bundle clone",
           "zip of one lecture's files", "notebook", "folder holding a notebook"]


@pytest.mark.parametrize("kind", LAYOUTS)
def test_grade_takes_every_layout(kind, tmp_path):
    result = CliRunner().invoke(main, ["--course", str(TOY), "grade", "basics", "--public",
                                       "--submission", str(layout(kind, tmp_path)), "--format", "json"])
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert [(e["id"], e["points"]) for e in body["exercises"]] == [("basics.add", 4.0), ("basics.answer", 0.0)]


@pytest.mark.parametrize("kind", LAYOUTS)
def test_gradescope_takes_what_coursekit_hands_out(kind, tmp_path):
    """Gradescope stores an upload under submission/; each layout is graded as its folder would be."""
    import os
    import subprocess
    import sys

    root = autograder(tmp_path / "gs")
    work = layout(kind, tmp_path)
    target = root / "submission"
    if work.is_dir():
        shutil.copytree(work, target)
    else:
        target.mkdir()
        shutil.copy(work, target / work.name)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "COURSEKIT_PYTHON": sys.executable,
           "PYTHONPATH": str(root / "source" / "coursekit")}
    subprocess.run([str(root / "source" / "run_autograder")], check=True, env=env, timeout=120)
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 4.0, results["output"]
    assert isinstance(results["execution_time"], int)


def test_a_batch_never_drops_a_learner(tmp_path):
    subs = tmp_path / "subs"
    lecture_files(subs / "alice" / "basics")
    lecture_files(subs / "bob-clone" / "exercises" / "basics")
    zipped(lecture_files(tmp_path / "carol"), subs / "carol.zip")
    for f in ("arith.py", "answer.py"):
        shutil.copy(tmp_path / "carol" / f, subs / f"hank_12345_67890_{f}")
    notebook(subs / "dora.ipynb")
    (subs / "broken.ipynb").write_text("{ not json")
    (subs / "notes.txt").write_text("grade me gently\n")
    (subs / "empty").mkdir()
    (subs / "evil.zip").write_bytes(b"PK\x03\x04 not a zip at all")
    out = tmp_path / "grades.csv"
    result = CliRunner().invoke(main, ["--course", str(TOY), "batch", str(subs), "basics", "--public",
                                       "--out", str(out)])
    assert result.exit_code == 0, result.output
    rows = {r["learner"]: r for r in csv.DictReader(out.open())}
    assert sorted(rows) == ["alice", "bob-clone", "broken", "carol", "dora", "empty", "evil", "hank", "notes.txt"]
    for name in ("alice", "bob-clone", "carol", "dora", "hank"):
        assert (rows[name]["points"], rows[name]["status"], rows[name]["error"]) == ("4.0", "graded", ""), name
    assert (rows["empty"]["points"], rows["empty"]["status"]) == ("0.0", "graded")       # graded: nothing there
    assert rows["notes.txt"]["status"] == "unrecognised"
    assert rows["notes.txt"]["error"] == ("unrecognised: notes.txt is no folder, notebook, zip or LMS file "
                                          "(<learner>_<id>_<file>.py)")
    assert rows["evil"]["status"] == "error" and rows["evil"]["error"].startswith("evil.zip: not a readable zip")
    assert rows["broken"]["status"] == "error" and rows["broken"]["points"] == "0.0"
    assert rows["broken"]["error"].startswith("broken.ipynb: not a Jupyter notebook (not valid JSON")
    assert all(r["graded_at"].endswith("Z") and r["coursekit"] for r in rows.values())
    assert all(len(r["fingerprint"]) == 64 for r in rows.values())     # none is tried again unless it changes


def test_a_file_that_is_no_submission_is_one_line(tmp_path):
    (tmp_path / "notes.txt").write_text("hello\n")
    result = CliRunner().invoke(main, ["--course", str(TOY), "grade", "basics", "--submission", str(tmp_path / "notes.txt")])
    assert result.exit_code == 2
    assert result.stderr == "coursekit: notes.txt: not a folder, notebook, zip or .py file of a submission\n"


def test_a_zip_cannot_write_outside_its_folder(tmp_path):
    archive = tmp_path / "slip.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("basics/arith.py", ARITH)
        z.writestr("../../escaped.py", "x = 1\n")
    result = CliRunner().invoke(main, ["--course", str(TOY), "grade", "basics", "--submission", str(archive)])
    assert result.exit_code == 2
    assert "slip.zip: ../../escaped.py points outside the zip" in result.stderr
    assert not (tmp_path.parent / "escaped.py").exists()


def test_merge_refuses_reports_of_other_targets(tmp_path):
    subs = tmp_path / "subs"
    lecture_files(subs / "alice" / "basics")
    lecture_files(subs / "bob" / "basics")
    for name, targets in (("alice", ["basics"]), ("bob", ["basics.add"])):
        only = tmp_path / f"only-{name}"
        shutil.copytree(subs / name, only / name)
        result = CliRunner().invoke(main, ["--course", str(TOY), "batch", str(only), *targets, "--public",
                                           "--out", str(tmp_path / f"{name}.csv"), "--reports", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "alice"), str(tmp_path / "bob"),
                                       "--out", str(tmp_path / "all.csv")])
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("bob.json: graded on 1 exercise (basics.add), but "
                                          f"{tmp_path / 'alice' / 'alice.json'} on 2 exercises (basics.add, "
                                          "basics.answer); merge reports of one batch's targets only")
