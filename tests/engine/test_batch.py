"""Grading a class: a gradebook, per-learner reports, resume, shards and merge."""
import csv
import signal
import subprocess
import sys
import time
from pathlib import Path

from click.testing import CliRunner

from grader.cli import main
from tests.conftest import TOY

WRONG = "def answer():\n    return 41\n"
HANGS = "def answer():\n    while True:\n        pass\n"


def make_class(root: Path, answers: dict[str, str]) -> Path:
    """One folder per learner; each a copy of the toy solutions with their own answer.py."""
    for name, source in answers.items():
        folder = root / name / "basics"
        folder.mkdir(parents=True)
        for f in ("arith.py", "answer.py"):
            (folder / f).write_text((TOY / "solutions" / "basics" / f).read_text())
        if source is not None:
            (folder / "answer.py").write_text(source)
    return root


def cli(*args):
    result = CliRunner().invoke(main, ["--course", str(TOY), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def rows(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open()))


def test_gradebook_and_reports(tmp_path):
    subs = make_class(tmp_path / "subs", {"alice": None, "bob": WRONG, "carol": "def answer(:\n"})
    cli("batch", subs, "--out", tmp_path / "out" / "grades.csv", "--jobs", "2")
    table = rows(tmp_path / "out" / "grades.csv")
    assert [{k: r[k] for k in list(r)[:6]} for r in table] == [
        {"learner": "alice", "points": "6.0", "max_points": "6.0", "percent": "100.0", "basics.add": "4.0", "basics.answer": "2.0"},
        {"learner": "bob", "points": "4.0", "max_points": "6.0", "percent": "66.67", "basics.add": "4.0", "basics.answer": "0.0"},
        {"learner": "carol", "points": "4.0", "max_points": "6.0", "percent": "66.67", "basics.add": "4.0", "basics.answer": "0.0"},
    ]
    from grader import __version__
    assert list(table[0])[6:] == ["status", "error", "graded_at", "coursekit", "fingerprint"]
    assert all((r["status"], r["error"], r["coursekit"]) == ("graded", "", __version__) for r in table)
    assert all(r["graded_at"].endswith("Z") and len(r["fingerprint"]) == 64 for r in table)
    assert sorted(p.name for p in (tmp_path / "out" / "reports").iterdir()) == ["alice.json", "bob.json", "carol.json"]


def test_resume_regrades_only_what_changed(tmp_path):
    subs = make_class(tmp_path / "subs", {"alice": None, "bob": WRONG})
    out = tmp_path / "grades.csv"
    cli("batch", subs, "--out", out)
    reports = tmp_path / "reports"
    stamps = {p.name: p.stat().st_mtime_ns for p in reports.iterdir()}
    (subs / "bob" / "basics" / "answer.py").write_text("def answer():\n    return 42\n")
    cli("batch", subs, "--out", out)
    assert (reports / "alice.json").stat().st_mtime_ns == stamps["alice.json"]
    assert (reports / "bob.json").stat().st_mtime_ns != stamps["bob.json"]
    assert [r["percent"] for r in rows(out)] == ["100.0", "100.0"]


def test_shards_cover_everyone_once_and_merge(tmp_path):
    subs = make_class(tmp_path / "subs", {name: WRONG if i % 2 else None for i, name in enumerate("abcdefg")})
    for k in (1, 2, 3):
        cli("batch", subs, "--out", tmp_path / f"shard{k}.csv", "--shard", f"{k}/3", "--reports", tmp_path / f"r{k}")
    parts = [[r["learner"] for r in rows(tmp_path / f"shard{k}.csv")] for k in (1, 2, 3)]
    assert sorted(sum(parts, [])) == list("abcdefg") and parts[0] == ["a", "d", "g"]
    cli("merge", tmp_path / "r1", tmp_path / "r2", tmp_path / "r3", "--out", tmp_path / "all.csv")
    cli("batch", subs, "--out", tmp_path / "whole.csv")

    def without_time(path):                  # the one column two gradings of the same work may differ in
        return [{k: v for k, v in r.items() if k != "graded_at"} for r in rows(path)]
    assert without_time(tmp_path / "all.csv") == without_time(tmp_path / "whole.csv")


def test_merge_refuses_a_learner_twice(tmp_path):
    subs = make_class(tmp_path / "subs", {"alice": None})
    cli("batch", subs, "--out", tmp_path / "a.csv", "--reports", tmp_path / "r1")
    cli("batch", subs, "--out", tmp_path / "b.csv", "--reports", tmp_path / "r2")
    result = CliRunner().invoke(main, ["merge", str(tmp_path / "r1"), str(tmp_path / "r2"), "--out", str(tmp_path / "c.csv")])
    assert result.exit_code == 2 and "learner 'alice' is also in" in result.stderr


def test_ctrl_c_loses_nothing_and_resumes(tmp_path):
    subs = make_class(tmp_path / "subs", {"a": None, "b": WRONG, "c": HANGS})
    out, reports = tmp_path / "grades.csv", tmp_path / "reports"
    command = [sys.executable, "-m", "grader", "--course", str(TOY), "batch", str(subs), "--out", str(out),
               "--jobs", "1", "--timeout", "60"]
    proc = subprocess.Popen(command, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 60
    while not (reports / "b.json").exists() and time.time() < deadline:
        time.sleep(0.1)
    time.sleep(1.0)                                   # c is now hanging in its sandbox
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130
    assert "interrupted after 2 of 3 learners" in err
    assert sorted(p.name for p in reports.iterdir()) == ["a.json", "b.json"]   # no half-written files
    assert not out.exists()
    (subs / "c" / "basics" / "answer.py").write_text(WRONG)
    stamp = (reports / "a.json").stat().st_mtime_ns
    cli("batch", subs, "--out", out, "--timeout", "60")    # same options: a and b are not graded again
    assert (reports / "a.json").stat().st_mtime_ns == stamp
    assert [r["percent"] for r in rows(out)] == ["100.0", "66.67", "66.67"]
