"""`coursekit new`: an exercise scaffolded into a copy of the toy course grades at once and validates,
its generated test passes, and every input it must refuse is one line and leaves the course as it was."""
import os
import shutil
import subprocess
import sys

import pytest
from click.testing import CliRunner

from grader import course as courses, stubs
from grader.cli import main
from grader.errors import UsageError
from grader.scaffold import insert_entry
from tests.conftest import ROOT, TOY


def run(root, *args):
    result = CliRunner().invoke(main, ["--course", str(root), "new", *map(str, args)])
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def toy_copy(tmp_path):
    root = tmp_path / "toy"
    shutil.copytree(TOY, root, ignore=shutil.ignore_patterns("__pycache__"))
    return root


def files(root):
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file()}


def fresh(tmp_path, *args, cwd=None):
    """A command in a process of its own: this one has imported the toy course's original checks."""
    env = {**os.environ, "COURSEKIT_CACHE": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=300, env=env,
                          cwd=cwd or ROOT)


def test_a_new_exercise_grades_validates_and_its_test_passes(toy_copy, tmp_path):
    before = files(toy_copy)
    code, out, err = run(toy_copy, "basics.E09")
    assert (code, err) == (0, "")
    created = ["solutions/basics/e09.py", "exercises/basics/e09.py", "toy_checks/basics/E09.py",
               "toy_checks/hidden/basics/E09.py", "tests/basics/test_E09.py"]
    assert out.splitlines()[:6] == ["basics.E09 added to course.yaml after basics.answer; created:",
                                    *(f"  {p}" for p in created)]
    assert "`coursekit stubs`" in out and "`coursekit validate`" in out
    after = files(toy_copy)
    assert sorted(set(after) - set(before)) == sorted(created)
    assert {p: t for p, t in after.items() if p in before and t != before[p]} == {"course.yaml": after["course.yaml"]}
    assert after["course.yaml"] == before["course.yaml"] + (
        '      - id: E09\n'
        '        title: "E09: (the exercise\'s title)"\n'
        '        module: e09.py\n'
        '        points: 5\n')
    solution = after["solutions/basics/e09.py"]
    assert "    # BEGIN SOLUTION\n    return x.mean(dim=1)\n    # END SOLUTION\n" in solution
    assert after["exercises/basics/e09.py"] == stubs.stub_source(solution)
    assert "@row_means.judge\ndef row_means_match_reference(got, want):" in after["toy_checks/basics/E09.py"]
    assert 'CASES = {"row_means": [dict(rows=6, cols=2)]}' in after["toy_checks/hidden/basics/E09.py"]

    # a second one with every option, after the first
    title = r'Row means: "by hand", not \mean """'              # in docstrings too, still Python
    code, out, err = run(toy_copy, "basics.E10", "--module", "rows.py", "--title", title, "--points", 2.5)
    assert (code, err) == (0, "")
    assert out.startswith("basics.E10 added to course.yaml after basics.E09; created:\n  solutions/basics/rows.py\n")
    e10 = courses.load(toy_copy).exercise("basics.E10")
    assert (e10.title, e10.module, e10.points, e10.devices) == (title, "rows.py", 2.5, ("cpu",))
    assert [e.id for e in courses.load(toy_copy).exercises] == ["basics.add", "basics.answer", "basics.E09",
                                                                "basics.E10"]

    # validate: layout, stubs in sync, notebook, reference 100% and stub 0% for all four
    validate = fresh(tmp_path, "-m", "grader", "--course", str(toy_copy), "validate")
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert validate.stdout.splitlines() == ["solutions: 100.0% (13.5 / 13.5)", "stubs: 0.0% (0 / 13.5)",
                                            "course is valid"]

    # the generated test: the reference earns everything, the mistake loses it with the feedback asserted
    test = fresh(tmp_path, "-m", "pytest", "-q", "-p", "no:cacheprovider", "tests/basics/test_E09.py", cwd=toy_copy)
    assert test.returncode == 0, test.stdout + test.stderr
    assert "2 passed" in test.stdout


@pytest.mark.parametrize("args, line", [
    (["lecture4"], "bad exercise id 'lecture4': expected LECTURE.EXERCISE such as lecture4.E03, each a Python "
                   "name (letters, digits, _), since the exercise names its check module"),
    (["basics.E-3"], "bad exercise id 'basics.E-3': expected LECTURE.EXERCISE such as lecture4.E03, each a Python "
                     "name (letters, digits, _), since the exercise names its check module"),
    (["basics.E03.x"], "bad exercise id 'basics.E03.x': expected LECTURE.EXERCISE such as lecture4.E03, each a "
                       "Python name (letters, digits, _), since the exercise names its check module"),
    (["basics.class"], "bad exercise id 'basics.class': expected LECTURE.EXERCISE such as lecture4.E03, each a "
                       "Python name (letters, digits, _), since the exercise names its check module"),
    (["lecture9.E01"], "unknown lecture 'lecture9' in course.yaml; it has basics (add a lecture there by hand first)"),
    (["intro.E01"], "intro is an alias of basics: write basics.E01"),
    (["basics.answer"], "basics.answer already exists in course.yaml"),
    (["basics.E01", "--module", "answer.py"],
     "solutions/basics/answer.py already exists; `coursekit new` never overwrites a file (choose another --module)"),
    (["basics.add", "--module", "sum.py"], "basics.add already exists in course.yaml"),
    (["basics.E01", "--module", "e01.txt"],
     "--module e01.txt: expected a file name such as e01.py that Python can import (letters, digits, _)"),
    (["basics.E01", "--module", "my-file.py"],
     "--module my-file.py: expected a file name such as e01.py that Python can import (letters, digits, _)"),
    (["basics.E01", "--points", "0"], "--points 0: expected a positive number"),
    (["basics.E01", "--points", "inf"], "--points inf: expected a positive number"),
    (["basics.E01", "--title", "two\nlines"], r"--title 'two\nlines': expected one line of text"),
])
def test_what_it_refuses_is_one_line_and_writes_nothing(toy_copy, args, line):
    before = files(toy_copy)
    code, out, err = run(toy_copy, *args)
    assert (code, out, err) == (2, "", f"coursekit: {line}\n")
    assert files(toy_copy) == before


@pytest.mark.parametrize("path", ["exercises/basics/e01.py", "toy_checks/basics/E01.py",
                                  "toy_checks/hidden/basics/E01.py", "tests/basics/test_E01.py"])
def test_it_never_overwrites_a_file(toy_copy, path):
    (toy_copy / path).parent.mkdir(parents=True, exist_ok=True)
    (toy_copy / path).write_text("# mine\n")
    before = files(toy_copy)
    code, out, err = run(toy_copy, "basics.E01")
    assert (code, out, err) == (2, "", f"coursekit: {path} already exists; `coursekit new` never overwrites a file\n")
    assert files(toy_copy) == before


def test_a_bundle_without_solutions_is_refused(toy_copy):
    shutil.rmtree(toy_copy / "solutions")
    code, _, err = run(toy_copy, "basics.E01")
    assert code == 2
    assert err == ("coursekit: `coursekit new` is for the course's authors; this bundle has no solutions/ "
                   "(`coursekit grade` grades your work)\n")


def test_the_help_has_examples():
    result = CliRunner().invoke(main, ["new", "--help"])
    assert result.exit_code == 0
    assert "coursekit new lecture4.E03 " in result.stdout and "--module FILE.py" in result.stdout


COURSE = """\
course: demo   # a comment
lectures:
  - id: one
    title: "One"
    exercises:
    - id: a          # the first
      title: "A"
      module: a.py
      points: 1
      devices:
        - cpu
      # a note about a, indented under it
    # about lecture two
  - id: two
    title: "Two"
    exercises:
      -   id: b
          title: >-
            folded
          module: b.py
          points: 2
          devices:
          - cpu
          - cuda"""


def test_course_yaml_is_edited_as_text():
    entry = {"id": "new", "title": "New: yes", "module": "new.py", "points": 3.0}
    assert insert_entry(COURSE, "one", entry) == COURSE.replace(
        "      # a note about a, indented under it\n",
        "      # a note about a, indented under it\n"
        "    - id: new\n"
        '      title: "New: yes"\n'
        "      module: new.py\n"
        "      points: 3\n")
    assert insert_entry(COURSE, "two", entry) == COURSE + (
        "\n"
        "      -   id: new\n"
        '          title: "New: yes"\n'
        "          module: new.py\n"
        "          points: 3\n")
    assert '      -   id: "yes"\n' in insert_entry(COURSE, "two", {**entry, "id": "yes"})    # YAML would read yes as True


def test_a_flow_list_of_exercises_is_left_to_the_author():
    with pytest.raises(UsageError, match="the exercises of one are not a block list of mappings; add the new entry "
                                         "by hand"):
        insert_entry('lectures:\n  - {id: one, title: "One", exercises: [{id: a, title: A, module: a.py, '
                     'points: 1}]}\n', "one", {"id": "b"})
