"""The command line: what a learner or an instructor types, and the exit codes CI relies on."""
import json
import shutil

import pytest
import torch
from click.testing import CliRunner

from grader.cli import main
from tests.conftest import TOY


def run(*args, course=TOY):
    result = CliRunner().invoke(main, ["--course", str(course), *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def toy_copy(tmp_path):
    root = tmp_path / "toy"
    shutil.copytree(TOY, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def test_list():
    code, out, _ = run("list")
    assert code == 0
    assert "basics  Basics  (also: intro)" in out
    assert "2 exercises, 6 points" in out


def test_grade_text_report_and_exit_codes():
    code, out, _ = run("grade", "intro", "--public")
    assert code == 0                                   # graded, whatever the score
    assert "not implemented yet: `add` in arith.py" in out
    assert "Total" in out and "0 / 6  (0.0%)" in out
    assert "Public checks only: hidden checks were not run" in out
    assert run("grade", "intro", "--fail-under", "50")[0] == 1
    assert run("grade", "intro", "--solutions", "--fail-under", "100")[0] == 0


def test_json_report_to_a_file(tmp_path):
    out_file = tmp_path / "report.json"
    code, _, err = run("grade", "basics", "--solutions", "--format", "json", "--output", out_file)
    assert code == 0 and "6 / 6 (100.0%); report in" in err
    body = json.loads(out_file.read_text())
    assert (body["schema"], body["version"], body["percent"], body["hidden"]) == ("coursekit-report", 1, 100.0, True)
    assert [c["name"] for c in body["exercises"][0]["checks"]] == ["adds", "scales", "adds_on_cuda", "adds_broadcast",
                                                                  "scales_case1"]


@pytest.mark.parametrize("args, message", [
    (["grade", "basic"], "coursekit: unknown lecture 'basic' (did you mean 'basics'?); `coursekit list` shows them all\n"),
    (["grade"], "coursekit: name what to grade: a lecture such as lecture2, an exercise such as lecture2.E03, or --all\n"),
    (["grade", "basics", "--submission", "/nonexistent"], "coursekit: --submission /nonexistent: no such file or folder\n"),
    (["grade", "basics", "--submission", __file__], f"coursekit: --submission {__file__}: none of the files to grade are here (for example basics/arith.py); is it the right folder?\n"),
    (["grade", "basics", "--output", "/proc/r.json"], "coursekit: --output /proc/r.json: cannot write into /proc (No such file or directory)\n"),
    (["grade", "basics", "--submission", "/tmp"], "coursekit: --submission /tmp: none of the files to grade are here (for example basics/arith.py); is it the right folder?\n"),
    (["data", "path", "names"], "coursekit: unknown dataset 'names'; the manifest has \n"),
])
def test_usage_errors_are_one_line_and_exit_2(args, message):
    code, out, err = run(*args)
    assert (code, out, err) == (2, "", message)


@pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")
def test_cuda_requested_without_cuda():
    assert run("grade", "basics", "--device", "cuda")[2] == \
        "coursekit: --device cuda: CUDA is not available on this machine; use --device auto or cpu\n"


def test_malformed_course_yaml(toy_copy):
    (toy_copy / "course.yaml").write_text((TOY / "course.yaml").read_text().replace("points: 4", "points: many"))
    code, _, err = run("list", course=toy_copy)
    assert code == 2
    assert err.endswith("course.yaml: lectures[0].exercises[0].points: expected a positive number, got str 'many'\n")


def test_validate(toy_copy):
    code, out, _ = run("validate", course=toy_copy)
    assert code == 0, out
    assert out.splitlines()[-3:] == ["solutions: 100.0% (6 / 6)", "stubs: 0.0% (0 / 6)", "course is valid"]


def test_validate_catches_drift_and_a_failing_reference(toy_copy):
    (toy_copy / "exercises" / "basics" / "answer.py").write_text("def answer():\n    return 42\n")
    code, out, _ = run("validate", course=toy_copy)
    assert code == 1
    assert "problem: exercises/basics/answer.py differs from its solution's stub; run `coursekit stubs`" in out
    shutil.copy(toy_copy / "exercises" / "basics" / "answer.py", toy_copy / "solutions" / "basics" / "answer.py")
    run("stubs", "--force", course=toy_copy)              # a solution without markers: its stub is the answer
    code, out, _ = run("validate", course=toy_copy)
    assert code == 1
    assert "problem: stubs: basics.answer scores 100.0%, expected 0%; answers: passed; answers_twice: passed" in out


def test_stubs_never_overwrite_work_without_force(toy_copy):
    mine = toy_copy / "exercises" / "basics" / "answer.py"
    mine.write_text("def answer():\n    return 42  # my work\n")
    code, _, err = run("stubs", course=toy_copy)
    assert code == 2 and "they may hold your work: rerun with --force" in err
    assert "my work" in mine.read_text()
    assert run("stubs", "--force", course=toy_copy)[1] == "1 stub file(s) written\n"
