"""The GitHub workflows coursekit ships or documents pass the linter (or GitHub's workflow schema)."""
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def workflows(tmp_path) -> list[Path]:
    """The bundle's workflow template, and each workflow written out in docs/instructors.md."""
    found = [ROOT / "grader" / "templates" / "grade-workflow.yml"]
    text = (ROOT / "docs" / "instructors.md").read_text()
    for i, block in enumerate(re.findall(r"```yaml\n(.*?)```", text, re.S)):
        if block.lstrip().startswith("name:") and "jobs:" in block:
            found.append(tmp_path / f"instructors-{i}.yml")
            found[-1].write_text(block)
    assert len(found) >= 2
    return found


def test_the_workflows_lint(tmp_path):
    files = [str(f) for f in workflows(tmp_path)]
    actionlint = shutil.which("actionlint") or (str(BIN / "actionlint") if (BIN / "actionlint").is_file() else None)
    if actionlint:
        command = [actionlint, "-no-color", *files]
    elif (BIN / "check-jsonschema").is_file():            # GitHub's workflow schema, shipped in the package
        command = [str(BIN / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files]
    else:
        pytest.skip("neither actionlint nor check-jsonschema is installed (pip install -e '.[dev]')")
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_bundle_workflow_reports_to_classroom_with_least_permissions():
    import yaml

    flow = yaml.safe_load((ROOT / "grader" / "templates" / "grade-workflow.yml").read_text())
    assert flow["permissions"] == {"checks": "write", "actions": "read", "contents": "read"}
    job = flow["jobs"]["autograding"]
    assert job["name"] == "Autograding Tests"             # the check run Classroom's reporter looks for
    uses = [s["uses"] for s in job["steps"] if "uses" in s]
    assert "actions/checkout@v5" in uses and "actions/setup-python@v6" in uses      # node24 majors
    reporter = next(s for s in job["steps"] if s.get("uses", "").startswith("classroom-resources/"))
    assert reporter["with"]["runners"] == "coursekit" and "COURSEKIT_RESULTS" in reporter["env"]
    grade = next(s for s in job["steps"] if s.get("id") == "coursekit")["run"]
    assert "--skip-training" in grade and "--format classroom" in grade
