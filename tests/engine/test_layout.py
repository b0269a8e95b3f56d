"""Checks live one module per exercise: <lecture>/<exercise>.py for the public ones and
hidden/<lecture>/<exercise>.py for the hidden ones, each holding that exercise's only."""
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


def test_a_judge_is_named_after_what_it_judges(tmp_path, monkeypatch):
    """A judge called ``_`` or a lambda is one line of validate's, naming the check."""
    demo = tmp_path / "unnamed_demo"
    package(demo)
    (demo / "demo").mkdir()
    (demo / "demo" / "__init__.py").write_text("")
    (demo / "demo" / "one.py").write_text(textwrap.dedent("""
        from grader.check import check
        from grader.judge import passed


        @check()
        def answers(sub):
            return {}


        answers.judge(lambda got: passed())
    """))
    monkeypatch.syspath_prepend(str(tmp_path))
    load_checks("unnamed_demo")
    assert layout_problems("unnamed_demo", ["demo.one"]) == [
        "unnamed_demo/demo/one.py: the judge of demo.one.answers is called <lambda>; name it after what it judges"]


CHECK = """
from grader.check import check
from grader.judge import passed


@check({exercise})
def {name}(sub):
    return {{}}


@{name}.judge
def always_passes(got):
    return passed()
"""


def write(path, *checks):
    """Checks ``(exercise, name)``; an exercise of None takes the id from the module's path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(textwrap.dedent(CHECK.format(exercise=f'"{e}"' if e else "", name=n))
                            for e, n in checks))


@pytest.fixture
def demo(tmp_path, monkeypatch):
    """A check package "layout_demo" of its own, registered apart from the real checks."""
    monkeypatch.setattr(check_module, "_REGISTRY", {})
    monkeypatch.setattr(check_module, "_loaded", set())
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path / "layout_demo"
    for name in [n for n in sys.modules if n == "layout_demo" or n.startswith("layout_demo.")]:
        del sys.modules[name]


def package(folder):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "__init__.py").write_text("")


def test_each_violation_is_one_line(demo):
    hidden = demo / "hidden"
    for folder in (demo, hidden, demo / "demo"):
        package(folder)
    write(demo / "demo" / "one.py", (None, "public_one"))
    write(demo / "demo" / "two.py", (None, "public_two"), ("demo.one", "public_strayed"))  # one's check in two.py
    (demo / "common.py").write_text("K = 3\n")                                          # shared by lectures: fine
    (demo / "demo" / "helpers.py").write_text("K = 3\n")                                # not an exercise
    write(demo / "old.py", ("demo.two", "public_old_layout"))                           # the old layout
    write(demo / "other" / "__init__.py")                                               # not a lecture
    write(hidden / "demo" / "__init__.py", ("demo.one", "in_the_package"))            # a check in __init__
    write(hidden / "demo" / "one.py", (None, "fine"), ("demo.two", "strayed"))        # two's check in one.py
    write(hidden / "demo" / "two.py", (None, "also_fine"))
    (hidden / "demo" / "helpers.py").write_text("K = 3\n")                           # not an exercise
    write(hidden / "demo" / "three.py", (None, "unknown_exercise"))                   # not in course.yaml
    write(hidden / "other.py", ("demo.two", "old_layout"))                            # no lecture folder
    load_checks("layout_demo")
    tail = "for an exercise of course.yaml (what a lecture's exercises share, in its __init__.py)"
    public = f"public checks go in layout_demo/<lecture>/<exercise>.py, {tail}"
    where = f"hidden checks go in layout_demo/hidden/<lecture>/<exercise>.py, {tail}"
    assert layout_problems("layout_demo", ["demo.one", "demo.two"]) == [
        f"layout_demo/demo/helpers.py: {public}",
        f"layout_demo/other/__init__.py: {public}",
        f"layout_demo/hidden/demo/helpers.py: {where}",
        f"layout_demo/hidden/demo/three.py: {where}",
        f"layout_demo/hidden/other.py: {where}",
        "layout_demo/demo/two.py registers public check demo.one.public_strayed: "
        "a public check of demo.one belongs in layout_demo/demo/one.py",
        "layout_demo/hidden/demo/__init__.py registers hidden check demo.one.in_the_package: "
        "a hidden check of demo.one belongs in layout_demo/hidden/demo/one.py",
        "layout_demo/hidden/demo/one.py registers hidden check demo.two.strayed: "
        "a hidden check of demo.two belongs in layout_demo/hidden/demo/two.py",
        "layout_demo/old.py registers public check demo.two.public_old_layout: "
        "a public check of demo.two belongs in layout_demo/demo/two.py",
    ]


def test_every_exercise_has_its_public_module(demo):
    for folder in (demo, demo / "demo"):
        package(folder)
    write(demo / "demo" / "one.py", (None, "public_one"))
    load_checks("layout_demo")
    assert layout_problems("layout_demo", ["demo.one", "demo.two", "gone.three"]) == [
        "layout_demo/demo/two.py is missing: the public checks of demo.two go there",
        "layout_demo/gone/three.py is missing: the public checks of gone.three go there",
    ]


def test_a_package_without_hidden_checks_has_only_the_public_layout(demo):
    for folder in (demo, demo / "demo"):
        package(folder)
    write(demo / "demo" / "one.py", (None, "public_one"))
    load_checks("layout_demo")
    assert layout_problems("layout_demo", ["demo.one"]) == []


def test_the_id_follows_from_the_module(demo):
    for folder in (demo, demo / "demo", demo / "hidden", demo / "hidden" / "demo"):
        package(folder)
    write(demo / "demo" / "one.py", (None, "public_one"))
    write(demo / "hidden" / "demo" / "one.py", (None, "hidden_one"))
    registry = load_checks("layout_demo")
    assert {k: (c.exercise, c.hidden) for k, c in registry.items()} == {
        "demo.one.public_one": ("demo.one", False), "demo.one.hidden_one": ("demo.one", True)}


def test_a_check_without_id_outside_an_exercise_module_is_refused(demo):
    package(demo)
    write(demo / "demo" / "__init__.py", (None, "in_the_lecture"))
    with pytest.raises(ValueError, match="a check in layout_demo.demo needs its exercise id"):
        load_checks("layout_demo")


def test_a_check_a_lectures_init_makes_belongs_to_the_caller(demo):
    """A factory in the lecture's __init__ (lecture 5's no_autograd): the check is the calling module's."""
    package(demo)
    (demo / "demo").mkdir()
    (demo / "demo" / "__init__.py").write_text(textwrap.dedent("""
        from grader.check import check
        from grader.judge import passed


        def made(name):
            @check(source=True)
            def made(src):
                return name

            @made.judge
            def always_passes(got):
                return passed()

            return made
    """))
    (demo / "demo" / "one.py").write_text("from layout_demo.demo import made\n\nmade('x')\n")
    registry = load_checks("layout_demo")
    assert registry["demo.one.made"].module == "layout_demo.demo.one"
    assert layout_problems("layout_demo", ["demo.one"]) == []


def test_validate_names_a_hidden_check_in_another_exercises_module(tmp_path):
    """In a fresh process: the toy course's own check package is already imported in this one."""
    root = tmp_path / "toy"
    shutil.copytree(TOY, root, ignore=shutil.ignore_patterns("__pycache__"))
    hidden = root / "toy_checks" / "hidden" / "basics"
    (hidden / "add.py").write_text((hidden / "add.py").read_text() + "\n\n" +
                                   (hidden / "answer.py").read_text().split("\n", 1)[1]
                                   .replace("@check(", '@check("basics.answer", '))
    (hidden / "answer.py").write_text("")
    run = subprocess.run([sys.executable, "-m", "grader", "--course", str(root), "validate"],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1, run.stdout + run.stderr
    assert run.stdout.splitlines()[-2:] == [
        "problem: toy_checks/hidden/basics/add.py registers hidden check basics.answer.answers_twice: "
        "a hidden check of basics.answer belongs in toy_checks/hidden/basics/answer.py",
        "1 problem(s)"]
