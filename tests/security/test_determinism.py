"""The same submission graded again gives the same verdicts, scores and feedback, byte for byte."""
import json

import pytest

from tests.conftest import comparable, grade


def graded_json(course, targets, submission) -> dict:
    return comparable(grade(course, targets, submission))


def mutated(course, tmp_path):
    """A partly wrong lecture 2: the neural bigram trains with the wrong step size."""
    from tests.conftest import copy_lecture
    root = copy_lecture(course, "lecture2", tmp_path)
    path = root / "lecture2" / "neural.py"
    path.write_text(path.read_text().replace("W.data += -lr * W.grad", "W.data += -0.5 * lr * W.grad"))
    return root


def test_training_exercise_graded_three_times(course, tmp_path):
    root = mutated(course, tmp_path)
    runs = [graded_json(course, ["lecture2.neural"], root) for _ in range(3)]
    assert runs[0]["percent"] < 100
    assert runs[0] == runs[1] == runs[2]


def test_order_dependent_bug_graded_three_times(course, tmp_path):
    """micrograd without a topological sort goes wrong where set iteration order says: the
    lecture-1 probes hash Values by creation order, so every run goes wrong the same way."""
    from tests.conftest import copy_lecture
    from tests.lecture1.test_wrong_solutions import NO_TOPO, TOPO
    root = copy_lecture(course, "lecture1", tmp_path)
    path = root / "lecture1" / "engine.py"
    path.write_text(path.read_text().replace(TOPO, NO_TOPO))
    runs = [graded_json(course, ["lecture1.value"], root) for _ in range(3)]
    assert runs[0]["percent"] < 100
    assert runs[0] == runs[1] == runs[2]


@pytest.mark.slow
def test_graded_twenty_times(course, tmp_path):
    root = mutated(course, tmp_path)
    targets = ["lecture2", "lecture4.E01", "lecture5.ex4"]
    first = graded_json(course, targets, root)
    for _ in range(19):
        assert graded_json(course, targets, root) == first



def test_a_set_of_strings_iterates_the_same_in_every_run(tmp_path):
    """String hashes are randomised per interpreter; the zygote fixes its seed, so an unsorted set
    of characters comes out in the same order in two separate gradings, and so does the report."""
    import subprocess
    import sys
    from tests.conftest import TOY
    folder = tmp_path / "basics"
    folder.mkdir()
    (folder / "arith.py").write_text((TOY / "solutions" / "basics" / "arith.py").read_text())
    (folder / "answer.py").write_text("def answer():\n    return ''.join(set('the quick brown fox jumps over'))\n")
    command = [sys.executable, "-m", "grader", "--course", str(TOY), "grade", "basics.answer",
               "--submission", str(tmp_path), "--format", "json"]
    runs = [json.loads(subprocess.run(command, capture_output=True, text=True, check=True).stdout)
            for _ in range(2)]
    feedback = [r["exercises"][0]["checks"][0]["feedback"] for r in runs]
    assert feedback[0] == feedback[1] and feedback[0][0].startswith("answer(): expected int 42, got the string")
