"""course.yaml's exercise-level ``env``: a short allow-list of variables, set in the sandbox run
before the learner's module is imported (the kernels lecture's TRITON_INTERPRET=1, which triton
reads when ``@triton.jit`` decorates a kernel); and the one line a missing optional extra gets."""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from grader.errors import UsageError
from grader.sandbox.child import _describe
from tests.conftest import grade
from tests.engine.test_course import GOOD, load_with

READS_ENV = '''import os

INTERPRET = os.environ.get("TRITON_INTERPRET")      # read at import, as @triton.jit reads it


def answer():
    return 42 if INTERPRET == "1" else 0
'''


def test_env_is_read_from_course_yaml(tmp_path):
    c = load_with(tmp_path, GOOD.replace("        module: answer.py\n",
                                         '        module: answer.py\n        env: {TRITON_INTERPRET: "1"}\n'))
    assert c.exercise("basics.answer").env == (("TRITON_INTERPRET", "1"),)
    assert c.exercise("basics.add").env == ()


@pytest.mark.parametrize("env, got", [
    ('{PATH: "/tmp"}', "str \"PATH: '/tmp'\""),
    ("{TRITON_INTERPRET: 1}", "str 'TRITON_INTERPRET: 1'"),
    ("[TRITON_INTERPRET]", "list ['TRITON_INTERPRET']"),
])
def test_env_outside_the_allow_list_is_refused(tmp_path, env, got):
    with pytest.raises(UsageError) as e:
        load_with(tmp_path, GOOD.replace("        module: answer.py\n",
                                         f"        module: answer.py\n        env: {env}\n"))
    expected = "names from ['TRITON_INTERPRET'] with string values" if "[" not in env else \
        "a mapping of environment variables"
    assert str(e.value).endswith(f"lectures[0].exercises[1].env: expected {expected}, got {got}")


def test_env_is_set_before_the_import(toy, grade_toy):
    """The learner's module reads the variable at import: there with the exercise's env, not without."""
    report = grade_toy({"answer.py": READS_ENV}, targets=("basics.answer",))
    assert report.points == 0
    with_env = dataclasses.replace(toy, lectures=tuple(
        dataclasses.replace(lec, exercises=tuple(dataclasses.replace(e, env=(("TRITON_INTERPRET", "1"),))
                                                 for e in lec.exercises)) for lec in toy.lectures))
    assert grade(with_env, ["basics.answer"], Path(report.submission)).points == 2


def test_a_missing_extra_says_how_to_install_it():
    e = ModuleNotFoundError("No module named 'triton'", name="triton")
    assert _describe(e, "/nowhere", []) == {
        "error": "import", "traceback": "",
        "message": 'triton is not installed; install it with the course\'s kernels extra: pip install -e ".[kernels]"'}
