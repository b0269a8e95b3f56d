"""Bundles: the student bundle leaks nothing, and Gradescope's autograder grades an upload."""
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from tests.conftest import ROOT, TOY


def cli(course: Path, *args):
    result = CliRunner().invoke(main, ["--course", str(course), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result


def solution_lines(course_root: Path, shortest: int) -> set[str]:
    """Every line of at least ``shortest`` characters a learner must write (inside the markers)."""
    lines, inside = set(), False
    for path in (course_root / "solutions").rglob("*.py"):
        for line in path.read_text().splitlines():
            marker = line.strip()
            if marker in ("# BEGIN SOLUTION", "# END SOLUTION"):
                inside = marker == "# BEGIN SOLUTION"
            elif inside and len(marker) >= shortest and not marker.startswith("# HINT"):
                lines.add(marker)
    return lines


def hidden_check_names(package_dir: Path) -> set[str]:
    return {line.split("(")[0][4:] for path in (package_dir / "hidden").glob("*.py")
            for line in path.read_text().splitlines() if line.startswith("def ") and not line.startswith("def _")}


def bundle_texts(bundle: Path) -> dict[Path, str]:
    return {p: p.read_text(errors="replace") for p in bundle.rglob("*") if p.is_file() and p.suffix != ".pt"}


def assert_no_leaks(course_root: Path, checks_dir: Path, bundle: Path, shortest: int):
    assert not (bundle / "solutions").exists()
    assert not list(bundle.rglob("hidden"))
    secrets = solution_lines(course_root, shortest)
    names = hidden_check_names(checks_dir)
    assert secrets and names
    for path, text in bundle_texts(bundle).items():
        leaked = [s for s in secrets if s in text]
        assert not leaked, f"{path} holds solution lines: {leaked[:3]}"
        assert not [n for n in names if f"def {n}(" in text], f"{path} holds hidden check code"


def test_student_bundle_of_the_toy_course_grades_with_shipped_references(tmp_path):
    bundle = tmp_path / "bundle"
    cli(TOY, "release", "--out", bundle)
    assert_no_leaks(TOY, TOY / "toy_checks", bundle, shortest=12)
    assert sorted(p.name for p in (bundle / "references").iterdir()) == \
        ["basics.add.adds.pt", "basics.add.scales.pt", "basics.answer.answers.pt"]
    stubs = learner_grade(bundle)
    assert (stubs["points"], stubs["hidden"]) == (0, False)
    for name in ("arith.py", "answer.py"):
        (bundle / "exercises" / "basics" / name).write_text((TOY / "solutions" / "basics" / name).read_text())
    assert learner_grade(bundle)["percent"] == 100.0


def learner_grade(bundle: Path) -> dict:
    """`coursekit grade basics` as a learner runs it in the bundle: its own grader, a fresh process."""
    env = {**os.environ, "PYTHONPATH": str(bundle)}
    out = subprocess.run([sys.executable, "-m", "grader", "grade", "basics", "--format", "json"], cwd=bundle,
                         env=env, capture_output=True, text=True, timeout=120, check=True).stdout
    return json.loads(out)


def test_release_refuses_to_overwrite(tmp_path):
    (tmp_path / "bundle").mkdir()
    result = CliRunner().invoke(main, ["--course", str(TOY), "release", "--out", str(tmp_path / "bundle")])
    assert result.exit_code == 2 and "already exists; give a new folder" in result.stderr


@pytest.mark.slow
def test_student_bundle_of_the_course_leaks_nothing(tmp_path):
    """Computes every public reference of the course: slow on a cold cache."""
    cli(ROOT, "release", "--out", tmp_path / "bundle")
    assert_no_leaks(ROOT, ROOT / "grader" / "checks", tmp_path / "bundle", shortest=24)


def test_gradescope_autograder_grades_an_upload(tmp_path):
    archive = tmp_path / "autograder.zip"
    cli(TOY, "gradescope", "basics", "--out", archive)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as z:
        assert {"setup.sh", "run_autograder"} <= set(z.namelist())
        z.extractall(root / "source")
    assert (root / "source" / "coursekit" / "toy_checks" / "hidden" / "basics.py").is_file()
    (root / "submission").mkdir()
    (root / "submission" / "arith.py").write_text((TOY / "solutions" / "basics" / "arith.py").read_text())
    (root / "submission" / "answer.py").write_text("def answer():\n    return 41\n")
    runner = root / "source" / "run_autograder"
    runner.chmod(0o755)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "COURSEKIT_PYTHON": sys.executable,
           "PYTHONPATH": str(root / "source" / "coursekit")}
    subprocess.run([str(runner)], check=True, env=env, timeout=120)
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 4.0
    names = {t["name"]: t for t in results["tests"]}
    assert names["basics.answer.answers_twice (hidden)"]["visibility"] == "after_published"
    assert names["basics.answer.answers"]["output"] == "answer(): got 41, expected 42"


def test_gradescope_autograder_reports_a_broken_upload(tmp_path):
    archive = tmp_path / "autograder.zip"
    cli(TOY, "gradescope", "basics", "--out", archive)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as z:
        z.extractall(root / "source")
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "COURSEKIT_PYTHON": sys.executable}
    runner = root / "source" / "run_autograder"
    runner.chmod(0o755)
    subprocess.run([str(runner)], check=True, env=env, timeout=120)        # no submission folder at all
    results = json.loads((root / "results" / "results.json").read_text())
    assert results["score"] == 0 and "no such folder" in results["output"]
