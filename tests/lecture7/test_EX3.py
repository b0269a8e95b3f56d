"""lecture7.EX3: the reference earns every point; a classic mistake loses them, with feedback that says why.

One test per mistake, each an edit of the reference solution (solutions/lecture7/pretrain.py).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from grader import course as courses, engine

ROOT = Path(__file__).resolve().parents[2]
EXERCISE = "lecture7.EX3"


def grade(tmp_path, old: str | None = None, new: str | None = None):
    """EXERCISE's result for its reference solution, with ``old`` replaced by ``new`` when given."""
    course = courses.load(ROOT)
    ex = course.exercise(EXERCISE)
    shutil.copytree(course.solutions / ex.dir, tmp_path / ex.dir, ignore=shutil.ignore_patterns("__pycache__"))
    if old is not None:
        path = tmp_path / ex.dir / ex.module
        text = path.read_text()
        assert text.count(old) == 1, f"{ex.module}: expected one {old!r}"   # an edit that stopped applying proves nothing
        path.write_text(text.replace(old, new))
    return engine.grade(course, [ex], engine.Options(submission=tmp_path, jobs=1)).exercise(EXERCISE)


def test_the_reference_earns_every_point(tmp_path):
    r = grade(tmp_path)
    assert r.max_points > 0 and r.points == r.max_points, [(c.name, c.status, c.feedback) for c in r.checks]


def test_the_mean_over_the_wrong_dimension(tmp_path):
    r = grade(tmp_path, "x.mean(dim=1)", "x.mean(dim=0)")
    assert r.points == 0
    assert r.check("row_means").feedback == ["row_means(x): expected shape (4,), got (3,)"]
    assert r.check("row_means_case1").feedback == ["row_means(x): expected shape (6,), got (2,)"]
