"""Hidden checks live one module per exercise: hidden/<lecture>/<exercise>.py, holding that exercise's only."""
import shutil
import subprocess
import sys
import textwrap

import pytest

from grader import check as check_module
from grader.check import layout_problems, load_checks
from grader.course import load
from tests.conftest import ROOT, TOY


@pytest.mark.parametrize("root", [ROOT, TOY], ids=["course", "toy"])
def test_the_courses_follow_the_layout(root):
    course = load(root)
    load_checks(course.checks, course.root)
    assert layout_problems(course.checks, [e.id for e in course.exercises]) == []


CHECK = """
from grader.check import check
from grader.judge import passed


@check("{exercise}")
def {name}(sub):
    return {{}}


{name}.judge(lambda got, want: passed())
"""


def write(path, *checks):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(textwrap.dedent(CHECK.format(exercise=e, name=n)) for e, n in checks))


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """A check package "layout_demo" of its own, registered apart from the real checks."""
    monkeypatch.setattr(check_module, "_REGISTRY", {})
    monkeypatch.setattr(check_module, "_loaded", set())
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path / "layout_demo"
    for name in [n for n in sys.modules if n == "layout_demo" or n.startswith("layout_demo.")]:
        del sys.modules[name]


def test_each_violation_is_one_line(demo):
    hidden = demo / "hidden"
    for folder in (demo, hidden):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "__init__.py").write_text("")
    write(demo / "demo.py", ("demo.one", "public_one"), ("demo.two", "public_two"))
    write(hidden / "demo" / "__init__.py", ("demo.one", "in_the_package"))            # a check in __init__
    write(hidden / "demo" / "one.py", ("demo.one", "fine"), ("demo.two", "strayed"))  # two's check in one.py
    write(hidden / "demo" / "two.py", ("demo.two", "also_fine"))
    (hidden / "demo" / "helpers.py").write_text("K = 3\n")                           # not an exercise
    write(hidden / "demo" / "three.py", ("demo.three", "unknown_exercise"))           # not in course.yaml
    write(hidden / "other.py", ("demo.two", "old_layout"))                            # no lecture folder
    load_checks("layout_demo")
    where = "hidden checks go in layout_demo/hidden/<lecture>/<exercise>.py, for an exercise of course.yaml " \
            "(what a lecture's exercises share, in its __init__.py)"
    assert layout_problems("layout_demo", ["demo.one", "demo.two"]) == [
        f"layout_demo/hidden/demo/helpers.py: {where}",
        f"layout_demo/hidden/demo/three.py: {where}",
        f"layout_demo/hidden/other.py: {where}",
        "layout_demo/hidden/demo/__init__.py registers hidden check demo.one.in_the_package: "
        "a hidden check of demo.one belongs in layout_demo/hidden/demo/one.py",
        "layout_demo/hidden/demo/one.py registers hidden check demo.two.strayed: "
        "a hidden check of demo.two belongs in layout_demo/hidden/demo/two.py",
    ]


def test_a_package_without_hidden_checks_has_no_layout_to_break(demo):
    demo.mkdir()
    (demo / "__init__.py").write_text("")
    write(demo / "demo.py", ("demo.one", "public_one"))
    load_checks("layout_demo")
    assert layout_problems("layout_demo", ["demo.one"]) == []


def test_validate_names_a_hidden_check_in_another_exercises_module(tmp_path):
    """In a fresh process: the toy course's own check package is already imported in this one."""
    root = tmp_path / "toy"
    shutil.copytree(TOY, root, ignore=shutil.ignore_patterns("__pycache__"))
    hidden = root / "toy_checks" / "hidden" / "basics"
    (hidden / "add.py").write_text((hidden / "add.py").read_text() + "\n\n" +
                                   (hidden / "answer.py").read_text().split("\n", 1)[1])
    (hidden / "answer.py").unlink()
    run = subprocess.run([sys.executable, "-m", "grader", "--course", str(root), "validate"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.splitlines()[-2:] == [
        "problem: toy_checks/hidden/basics/add.py registers hidden check basics.answer.answers_twice: "
        "a hidden check of basics.answer belongs in toy_checks/hidden/basics/answer.py",
        "1 problem(s)"]
