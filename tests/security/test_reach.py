"""The source rule every submission keeps (grader.source.grader_reach): no file may reach into the
grader's own modules or the interpreter's machinery, by name or by a computed one. The grader's
public checks run in the sandbox beside the learner's code, and some hold the grader's own version
of what an exercise asks (lecture 4's BatchNorm1d, lecture 7's GPT); code that borrowed them would
score without computing anything.
"""
from tests.conftest import copy_lecture, grade, refused


def test_borrowing_the_graders_batchnorm_scores_nothing(course, tmp_path):
    """lecture4.layers answered with the grader's own layers, imported by a computed name."""
    root = copy_lecture(course, "lecture4", tmp_path)
    path = root / "lecture4" / "layers.py"
    path.write_text(path.read_text() + "\n\nimport importlib\n"
                    "_oracle = importlib.import_module('grader.checks.' + 'lecture4')\n")
    ex = grade(course, ["lecture4.layers"], root).exercise("lecture4.layers")
    assert ex.points == 0
    n = len(path.read_text().splitlines()) - 1
    assert ex.checks[0].feedback == [
        f"layers.py line {n}: import of importlib is not allowed in a submission (it reaches the grader's own "
        f"code or the interpreter's machinery without naming what it calls); no check of this exercise was run"]


def test_reaching_sys_modules_from_another_file_of_the_folder(course, tmp_path):
    """The rule reads every file of the lecture folder, not only the exercise's own."""
    root = copy_lecture(course, "lecture2", tmp_path)
    (root / "lecture2" / "helpers.py").write_text("import sys\n\nchecks = sys.modules\n")
    ex = grade(course, ["lecture2.E05"], root).exercise("lecture2.E05")
    assert ex.points == 0
    assert ex.checks[0].feedback == [refused("helpers.py line 3", "sys.modules")]


def test_honest_code_in_other_styles_keeps_full_marks(course, tmp_path):
    """self.__add__, sys.setrecursionlimit, os.path, open and a literal getattr are not reaching."""
    root = copy_lecture(course, "lecture1", tmp_path)
    path = root / "lecture1" / "engine.py"
    path.write_text("import os\nimport sys\n\nsys.setrecursionlimit(10_000)\nHERE = os.path.dirname(__file__)\n"
                    + path.read_text().replace("    def __radd__(self, other):", "    def _unused(self):\n"
                                               "        return getattr(self, 'data'), self.__add__\n\n"
                                               "    def __radd__(self, other):"))
    ex = grade(course, ["lecture1.value"], root).exercise("lecture1.value")
    assert ex.points == ex.max_points, [c.feedback for c in ex.checks]
