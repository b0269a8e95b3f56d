"""Everything a submission can do wrong costs that exercise's points, never the grader."""
import textwrap

import pytest


def answer(body: str, header: str = "") -> dict[str, str]:
    """An answer.py whose answer() runs ``body``."""
    return {"answer.py": textwrap.dedent(header) + "\ndef answer():\n" + textwrap.indent(textwrap.dedent(body), "    ")}


def verdict(report, exercise="basics.answer", check="answers"):
    return report.exercise(exercise).check(check)


def test_reference_and_stub(grade_toy, toy, tmp_path):
    assert grade_toy({}).percent == 100.0
    from tests.conftest import grade
    stubs = grade(toy, ["basics"], toy.exercises_dir)
    assert stubs.points == 0
    assert stubs.exercise("basics.add").check("adds").feedback == ["not implemented yet: `add` in arith.py"]


def test_partial_credit_follows_weights(grade_toy):
    # scale() wrong, add() right: the adds checks (weights 3 + 1) pass, scales and its hidden case (1 + 1) fail.
    report = grade_toy({"arith.py": "def add(a, b):\n    return a + b\n\ndef scale(x, k):\n    return x * k + 1\n"})
    ex = report.exercise("basics.add")
    assert (ex.points, ex.max_points) == (2.6667, 4.0)
    assert ex.check("scales").feedback[0].startswith("x * 2.5: 3 of 3 values differ; max abs diff 1")


def test_a_hidden_case_runs_the_public_probe_on_its_own_inputs(grade_toy):
    """CASES in the hidden module: scales again with n=6, k=-0.5, judged by the public judge."""
    report = grade_toy({"arith.py": "def add(a, b):\n    return a + b\n\ndef scale(x, k):\n    return x * abs(k)\n"})
    ex = report.exercise("basics.add")
    assert ex.check("scales").status == "passed"
    hidden = ex.check("scales_case1")
    assert hidden.hidden and hidden.status == "failed"
    assert hidden.feedback[0].startswith("x * -0.5: 6 of 6 values differ")


def test_exception_shows_the_learners_frames_only(grade_toy):
    r = verdict(grade_toy(answer("return helper()", "def helper():\n    return 1 / 0\n")))
    assert r.status == "error"
    assert r.feedback[0] == "ZeroDivisionError: division by zero"
    assert 'File "answer.py", line 2, in helper' in r.feedback[1]
    assert "grader" not in r.feedback[1] and "sandbox" not in r.feedback[1]


def test_syntax_error_names_file_and_line(grade_toy):
    r = verdict(grade_toy({"answer.py": "def answer(:\n    return 42\n"}))
    assert r.status == "error"
    assert r.feedback[0].startswith("syntax error in answer.py, line 1")


def test_a_syntax_error_is_told_once_per_exercise(grade_toy):
    ex = grade_toy({"answer.py": "def answer(:\n    return 42\n"}).exercise("basics.answer")
    first, second = ex.check("answers"), ex.check("answers_twice")
    assert first.feedback[0].startswith("syntax error in answer.py, line 1")
    assert (second.status, second.feedback) == ("error", ["not run: your module did not import (see answers)"])


def test_import_error_costs_only_its_exercise(grade_toy):
    report = grade_toy({"answer.py": "import not_a_module\n"})
    assert verdict(report).feedback[0] == "ModuleNotFoundError: No module named 'not_a_module'"
    assert report.exercise("basics.add").points == 4


def test_not_plain_data_is_refused(grade_toy):
    r = verdict(grade_toy(answer("class Answer:\n    pass\nreturn Answer()")))
    assert r.status == "error"
    assert "where plain data" in r.feedback[0]


def test_grading_twice_gives_identical_json(grade_toy):
    from tests.conftest import comparable

    def strip(report):
        body = comparable(report)
        body.pop("submission")
        return body
    files = {"arith.py": "def add(a, b):\n    return a + b + 1e-3\n\ndef scale(x, k):\n    return x * k\n"}
    assert strip(grade_toy(files)) == strip(grade_toy(files))


def test_a_check_without_reference_never_runs_the_reference(grade_toy, tmp_path, monkeypatch):
    """answers_twice's judge takes no ``want``: it is judged against 42 by itself, no reference result."""
    monkeypatch.setenv("COURSEKIT_CACHE", str(tmp_path / "cache"))
    report = grade_toy({}, targets=("basics",))
    assert report.percent == 100.0 and verdict(report, check="answers_twice").status == "passed"
    assert len(list((tmp_path / "cache" / "references").glob("*.pt"))) == 5   # adds, scales, answers, adds_broadcast, scales_case1
    r = verdict(grade_toy(answer("return 41")), check="answers_twice")
    assert r.feedback == ["answer(), asked twice[0]: got 41, expected 42"]


def test_the_grading_device_is_in_the_environment(grade_toy):
    """Probes that hand --device on to the learner's code (GPT addition's training) read it here."""
    r = verdict(grade_toy(answer("return len(os.environ['COURSEKIT_DEVICE'])", "import os\n")))
    assert r.feedback == ["answer(): got 3, expected 42"]      # len("cpu")


@pytest.mark.skipif(__import__("torch").cuda.is_available(), reason="this machine has CUDA")
def test_cuda_checks_are_skipped_without_cuda(grade_toy):
    from grader.report import to_text

    report = grade_toy({})
    r = report.exercise("basics.add").check("adds_on_cuda")
    assert (r.status, r.points, r.max_points) == ("skipped", 0, 0)
    assert r.feedback == ["needs CUDA, which this machine does not have"]
    assert report.percent == 100.0
    assert "1 check(s) skipped on this device (cpu); they count for nothing either way." in to_text(report)



def test_grading_the_solutions_runs_them_once_and_fills_the_reference_cache(toy, tmp_path, monkeypatch):
    """--solutions (and validate) grade solutions/ itself: its run is the reference's, not made twice."""
    from grader import sandbox
    from tests.conftest import grade

    monkeypatch.setenv("COURSEKIT_CACHE", str(tmp_path / "cache"))
    roles = []
    real = sandbox.run
    monkeypatch.setattr(sandbox, "run", lambda job, watch=None: roles.append(job.role) or real(job, watch))
    assert grade(toy, ["basics"], toy.solutions).percent == 100.0
    assert roles == ["learner"] * len(toy.resolve(["basics"]))
    assert len(list((tmp_path / "cache" / "references").glob("*.pt"))) == 5
    roles.clear()
    assert grade(toy, ["basics"], toy.exercises_dir).points == 0      # the stubs meet the cached references
    assert "reference" not in roles
