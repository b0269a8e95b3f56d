"""Report formats, each checked against what its consumer expects."""
import json
import shutil
from xml.etree import ElementTree as ET

import jsonschema
import pytest

from grader import report as reports
from tests.conftest import ROOT, TOY, grade

# Gradescope's documented results.json fields (autograder specifications), as a schema.
GRADESCOPE = {
    "type": "object",
    "required": ["score", "tests"],
    "properties": {
        "score": {"type": "number"},
        "output": {"type": "string"},
        "visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "stdout_visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
        "execution_time": {"type": "number"},
        "tests": {"type": "array", "items": {
            "type": "object",
            "required": ["name", "score", "max_score", "status", "output", "visibility"],
            "additionalProperties": False,
            "properties": {
                "name": {"type": "string"}, "score": {"type": "number"}, "max_score": {"type": "number"},
                "status": {"enum": ["passed", "failed"]}, "output": {"type": "string"},
                "visibility": {"enum": ["hidden", "after_due_date", "after_published", "visible"]},
            }}},
    },
}


@pytest.fixture(scope="module")
def report(toy, tmp_path_factory):
    """A report with every status: passed, failed, error and skipped, hidden and public."""
    root = tmp_path_factory.mktemp("submission")
    shutil.copytree(TOY / "solutions" / "basics", root / "basics")
    (root / "basics" / "arith.py").write_text("def add(a, b):\n    return a - b\n\ndef scale(x, k):\n    return 1 / 0\n")
    return grade(toy, ["basics"], root)


def test_gradescope(report):
    body = json.loads(reports.to_gradescope(report))
    jsonschema.validate(body, GRADESCOPE)
    assert body["score"] == 2.0
    by_name = {t["name"]: t for t in body["tests"]}
    assert by_name["basics.add.adds_broadcast (hidden)"]["visibility"] == "after_published"
    assert by_name["basics.add.adds"]["status"] == "failed"
    assert by_name["basics.add.scales"]["output"].startswith("ZeroDivisionError: division by zero")
    assert sum(t["score"] for t in body["tests"]) == body["score"]


def test_junit(report):
    root = ET.fromstring(reports.to_junit(report))
    assert root.tag == "testsuites"
    cases = root.findall("testsuite/testcase")
    assert int(root.get("tests")) == len(cases) == 7
    outcome = {c.get("name"): [child.tag for child in c if child.tag not in ("system-out", "properties")]
               for c in cases}
    assert outcome == {"adds": ["failure"], "scales": ["error"], "adds_on_cuda": ["skipped"] if report.device == "cpu" else [],
                       "adds_broadcast": ["failure"], "scales_case1": ["error"], "answers": [], "answers_twice": []}
    for suite in root.findall("testsuite"):
        for kind, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
            assert int(suite.get(kind)) == len(suite.findall(f"testcase/{tag}"))
        assert suite.get("timestamp") == report.graded_at.removesuffix("Z")
    by_name = {c.get("name"): c for c in cases}
    assert by_name["adds"].find("failure").get("type") == "wrong"
    assert by_name["scales"].find("error").get("type") == "exception"
    assert all(float(c.get("time")) >= 0 for c in cases)
    hidden = {c.get("name") for c in cases if c.find("properties/property[@name='hidden']") is not None}
    assert hidden == {"adds_broadcast", "scales_case1", "answers_twice"}


def test_json_follows_the_published_schema(report):
    schema = json.loads((ROOT / "docs" / "report.schema.json").read_text())
    jsonschema.Draft202012Validator.check_schema(schema)
    body = json.loads(reports.to_json(report))
    jsonschema.validate(body, schema)
    assert body["graded_at"].endswith("Z") and body["coursekit"]
    body["exercises"][0]["checks"][0]["status"] = "maybe"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body, schema)


def test_markdown(report):
    text = reports.to_markdown(report)
    assert text.startswith("### coursekit: 2 / 6 (33.3%)\n")
    assert "| `basics.add` Adding tensors | 0 / 4 | 💥 |" in text
    assert "- `basics.add.scales`: ZeroDivisionError: division by zero" in text


def test_classroom(report):
    body = json.loads(reports.to_classroom(report))
    assert (body["version"], body["status"], body["max_score"]) == (1, "error", report.max_points)
    assert round(sum(t["score"] for t in body["tests"]), 4) == round(report.points, 4)
    by_name = {t["name"]: t for t in body["tests"]}
    assert by_name["basics.add.adds"]["status"] == "fail"
    assert by_name["basics.add.scales"]["status"] == "error"
    assert by_name["basics.add.adds_broadcast (hidden)"]["status"] == "fail"
    assert by_name["basics.answer.answers"] == {"name": "basics.answer.answers", "status": "pass", "score": 1.0,
                                                "max_score": 1.0, "message": ""}


def test_a_saved_report_reads_back_into_every_format(report, tmp_path):
    from click.testing import CliRunner
    from grader.cli import main

    saved = tmp_path / "report.json"
    saved.write_text(reports.to_json(report))
    for fmt in ("markdown", "classroom", "gradescope", "json"):
        result = CliRunner().invoke(main, ["--course", str(TOY), "report", str(saved), "--format", fmt])
        assert result.exit_code == 0, result.output
        assert result.stdout == reports.FORMATS[fmt](report), fmt
    saved.write_text('{"schema": "something-else"}')
    result = CliRunner().invoke(main, ["--course", str(TOY), "report", str(saved)])
    assert result.exit_code == 2 and "not a coursekit JSON report" in result.stderr


def test_skip_training_leaves_out_the_exercises_that_train(course):
    from click.testing import CliRunner
    from grader.cli import main

    assert {e.id for e in course.exercises if e.training} == {
        "lecture3.E01", "lecture3.E03", "gpt_addition.add2", "gpt_addition.add3", "gpt_addition.calculator", "gpt2.train", "lecture7.EX3"}
    result = CliRunner().invoke(main, ["--course", str(ROOT), "grade", "gpt_addition.add2", "--skip-training"])
    assert (result.exit_code, result.stderr) == (2, "coursekit: --skip-training leaves nothing to grade: every "
                                                    "exercise named trains a model\n")
