"""Bundles: the student bundle leaks nothing, and Gradescope's autograder grades an upload."""
import json
import textwrap
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


# Solution files whose code the lecture itself writes on screen. Public checks may rebuild
# that code to judge later exercises on their own (lecture 4's layers under the folding
# exercise, for example); it is in the video, so it is no secret. Everything else (the
# exercises beyond the lecture above all) must not appear in a student bundle.
LECTURE_CODE = {"lecture3/mlp.py", "lecture4/layers.py", "lecture4/deep.py", "lecture6/wavenet.py", "tokenizer/base.py"}


def solution_snippets(course_root: Path, lines: int = 3) -> set[tuple[str, ...]]:
    """Every run of ``lines`` consecutive lines a learner must write (inside the markers; blank
    lines and comments skipped), except in LECTURE_CODE. One line alone can be the lecture's
    own spec (a split at int(0.8*n), an init written in a docstring); a run of three is code."""
    runs = set()
    for path in (course_root / "solutions").rglob("*.py"):
        if str(path.relative_to(course_root / "solutions")) in LECTURE_CODE:
            continue
        block: list[str] | None = None
        for line in path.read_text().splitlines() + ["# END SOLUTION"]:
            marker = line.strip()
            if marker == "# BEGIN SOLUTION":
                block = []
            elif marker == "# END SOLUTION":
                runs |= {tuple(block[i:i + lines]) for i in range(len(block) - lines + 1)} if block else set()
                block = None
            elif block is not None and marker and not marker.startswith("#"):
                block.append(marker)
    return runs


def contains(text: str, run: tuple[str, ...]) -> bool:
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]
    n = len(run)
    return any(tuple(lines[i:i + n]) == run for i in range(len(lines) - n + 1))


def hidden_check_names(package_dir: Path) -> set[str]:
    return {line.split("(")[0][4:] for path in (package_dir / "hidden").rglob("*.py")
            for line in path.read_text().splitlines() if line.startswith("def ") and not line.startswith("def _")}


def bundle_texts(bundle: Path) -> dict[Path, str]:
    return {p: p.read_text(errors="replace") for p in bundle.rglob("*") if p.is_file() and p.suffix != ".pt"}


def assert_no_leaks(course_root: Path, checks_dir: Path, bundle: Path, lines: int = 3):
    assert not (bundle / "solutions").exists()
    assert not list(bundle.rglob("hidden"))
    handout = "\n".join(p.read_text() for p in (bundle / "exercises").rglob("*.py"))
    secrets = {run for run in solution_snippets(course_root, lines) if not contains(handout, run)}
    names = hidden_check_names(checks_dir)
    assert secrets and names
    leaks = {str(path.relative_to(bundle)): [run for run in secrets if contains(text, run)]
             for path, text in bundle_texts(bundle).items() if path.suffix == ".py"}
    assert not {path: runs for path, runs in leaks.items() if runs}
    hidden = [str(path) for path, text in bundle_texts(bundle).items() if any(f"def {n}(" in text for n in names)]
    assert not hidden


def test_student_bundle_of_the_toy_course_grades_with_shipped_references(tmp_path):
    bundle = tmp_path / "bundle"
    cli(TOY, "release", "--out", bundle)
    assert_no_leaks(TOY, TOY / "toy_checks", bundle, lines=1)
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
    assert_no_leaks(ROOT, ROOT / "grader" / "checks", tmp_path / "bundle")


def autograder(tmp_path: Path) -> Path:
    """The toy course's Gradescope autograder, unpacked into a fake /autograder root."""
    archive = tmp_path / "autograder.zip"
    cli(TOY, "gradescope", "basics", "--out", archive)
    root = tmp_path / "autograder"
    with zipfile.ZipFile(archive) as z:
        assert {"setup.sh", "run_autograder"} <= set(z.namelist())
        z.extractall(root / "source")
    (root / "source" / "run_autograder").chmod(0o755)
    return root


def run_autograder(root: Path, files: dict[str, str]) -> dict:
    """Upload ``files``, run the autograder's own run_autograder as Gradescope does; its results.json."""
    (root / "submission").mkdir()
    for name, text in files.items():
        (root / "submission" / name).write_text(text)
    env = {**os.environ, "AUTOGRADER_ROOT": str(root), "COURSEKIT_PYTHON": sys.executable,
           "PYTHONPATH": str(root / "source" / "coursekit")}
    subprocess.run([str(root / "source" / "run_autograder")], check=True, env=env, timeout=120)
    return json.loads((root / "results" / "results.json").read_text())


def test_gradescope_autograder_grades_an_upload(tmp_path):
    root = autograder(tmp_path)
    assert (root / "source" / "coursekit" / "toy_checks" / "hidden" / "basics" / "add.py").is_file()
    results = run_autograder(root, {"arith.py": (TOY / "solutions" / "basics" / "arith.py").read_text(),
                                    "answer.py": "def answer():\n    return 41\n"})
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
    assert results["score"] == 0 and "submission: no such file or folder" in results["output"]


def test_a_bundles_shipped_references_are_hidden_from_the_learner(tmp_path):
    """A student bundle carries reference results (for training checks: trained weights); the
    learner's code must not be able to read them and hand them back."""
    bundle = tmp_path / "bundle"
    cli(TOY, "release", "--out", bundle)
    (bundle / "exercises" / "basics" / "arith.py").write_text((TOY / "solutions" / "basics" / "arith.py").read_text())
    (bundle / "exercises" / "basics" / "answer.py").write_text(
        f"import torch\n\ndef answer():\n"
        f"    return torch.load({str(bundle / 'references' / 'basics.answer.answers.pt')!r})['value']\n")
    report = learner_grade(bundle)
    answers = report["exercises"][1]["checks"][0]
    assert answers["status"] == "error" and "No such file or directory" in answers["feedback"][0]


def test_gradescope_autograder_gives_a_thief_the_stubs_score(tmp_path):
    """As root, through the autograder's own run_autograder: an upload that finds the kit's solutions
    (beside it in /autograder/source, or through /proc) and returns their answer earns nothing."""
    root = autograder(tmp_path)
    kit_solution = root / "source" / "coursekit" / "solutions" / "basics" / "answer.py"
    thief = textwrap.dedent(f"""
        import os, runpy

        def answer():
            places = [{str(kit_solution)!r}, {str(TOY / "solutions" / "basics" / "answer.py")!r}]
            places += [f"/proc/{{pid}}/root{{p}}" for pid in os.listdir("/proc") if pid.isdigit() for p in places]
            for path in places:
                try:
                    return runpy.run_path(path)["answer"]()
                except Exception:
                    pass
            return 41
    """)
    results = run_autograder(root, {"arith.py": (TOY / "exercises" / "basics" / "arith.py").read_text(),
                                    "answer.py": thief})
    assert results["score"] == 0
    assert {t["name"]: t["score"] for t in results["tests"]}["basics.answer.answers"] == 0


def test_a_student_bundle_lists_and_runs_the_learners_commands_only(tmp_path, monkeypatch):
    bundle = tmp_path / "bundle"
    cli(TOY, "release", "--out", bundle)
    monkeypatch.chdir(bundle / "exercises")              # the course found from where the learner works
    shown = CliRunner().invoke(main, ["--help"]).output
    assert "grade" in shown and "notebook" in shown
    assert not any(f"  {name} " in shown for name in ("validate", "stubs", "new", "release", "gradescope"))
    result = CliRunner().invoke(main, ["--course", str(bundle), "validate"])
    assert result.exit_code == 2
    assert result.stderr == ("coursekit: `coursekit validate` is for the course's authors; this bundle has no "
                             "solutions/ (`coursekit grade` grades your work)\n")
    result = CliRunner().invoke(main, ["--course", str(bundle), "grade", "basics", "--solutions"])
    assert (result.exit_code, result.stderr) == (2, "coursekit: --solutions: this is a student bundle, which has "
                                                    "no solutions/\n")
