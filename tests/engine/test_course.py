"""course.yaml: a malformed file is one line naming the file, the key and what was expected."""
import shutil

import pytest

from grader import course
from grader.errors import UsageError
from tests.conftest import TOY


def load_with(tmp_path, text: str):
    root = tmp_path / "course"
    shutil.copytree(TOY, root)
    (root / "course.yaml").write_text(text)
    return course.load(root)


GOOD = (TOY / "course.yaml").read_text()


@pytest.mark.parametrize("old, new, message", [
    ("points: 4", "points: four", "lectures[0].exercises[0].points: expected a positive number, got str 'four'"),
    ("points: 4", "points: -1", "lectures[0].exercises[0].points: expected a positive number, got int -1"),
    ("        module: arith.py\n", "", "lectures[0].exercises[0].module: missing; expected a .py file under the lecture's folder"),
    ("module: arith.py", "module: arith", "lectures[0].exercises[0].module: expected a .py file name such as bigram.py, got str 'arith'"),
    ("timeout: 10", "timeout: yes", "defaults.timeout: expected a positive number, got bool True"),
    ("aliases: [intro]", "aliases: intro", "lectures[0].aliases: expected a list of names, got str 'intro'"),
    ("        points: 2\n", "        points: 2\n        devices: [tpu]\n", "lectures[0].exercises[1].devices: expected names from ['cpu', 'cuda'], got str 'tpu'"),
    ("        points: 2\n", "        points: 2\n        datasets: [names]\n", "lectures[0].exercises[1].datasets: expected names from [], got str 'names'"),
    ("      - id: answer", "      - id: add", "lectures[0].exercises[1].id: basics.add is defined twice"),
    ("lectures:", "lecturez:", "lectures: missing; expected a list of lectures"),
])
def test_malformed_course_yaml(tmp_path, old, new, message):
    assert old in GOOD
    with pytest.raises(UsageError) as e:
        load_with(tmp_path, GOOD.replace(old, new))
    assert str(e.value) == f"{tmp_path / 'course' / 'course.yaml'}: {message}"


def test_invalid_yaml_names_the_line(tmp_path):
    with pytest.raises(UsageError, match=r"course.yaml: not valid YAML at line 2 "):
        load_with(tmp_path, "course: x\n  lectures: []\n")


def test_targets(toy):
    assert [e.id for e in toy.resolve(["intro"])] == ["basics.add", "basics.answer"]
    assert [e.id for e in toy.resolve(["intro.answer", "basics.add"])] == ["basics.add", "basics.answer"]
    with pytest.raises(UsageError, match=r"unknown lecture 'basic' \(did you mean 'basics'\?\)"):
        toy.resolve(["basic"])
    with pytest.raises(UsageError, match=r"basics has no exercise 'E01'; it has add, answer"):
        toy.resolve(["basics.E01"])


def test_find_root_walks_up(tmp_path, monkeypatch):
    monkeypatch.delenv("COURSEKIT_COURSE", raising=False)
    assert course.find_root(TOY / "exercises" / "basics") == TOY
    with pytest.raises(UsageError, match="no course.yaml in"):
        course.find_root(tmp_path)
