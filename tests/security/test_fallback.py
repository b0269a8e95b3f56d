"""Where bubblewrap is missing or refused, grading goes on and every report says what it lacks
(README, "The sandbox, and what it promises": the table's last row)."""
import shutil

import pytest

from tests.conftest import TOY, grade


@pytest.fixture
def toy_elsewhere(tmp_path):
    """A copy of the toy course: its own zygotes, started under the test's conditions."""
    from grader import course as courses, sandbox
    shutil.copytree(TOY, tmp_path / "toy", ignore=shutil.ignore_patterns("__pycache__"))
    yield courses.load(tmp_path / "toy")
    sandbox.kill_all()           # the session's zygotes start again when next needed


def note_and_percent(course):
    report = grade(course, ["basics"], course.solutions)
    return report.sandbox, report.percent


def test_without_bubblewrap(toy_elsewhere, monkeypatch):
    from grader.sandbox import confine
    monkeypatch.setattr(confine, "bwrap", lambda: None)
    note, percent = note_and_percent(toy_elsewhere)
    assert percent == 100.0
    assert note.startswith("process isolation only (bubblewrap is not installed: apt-get install bubblewrap)")


@pytest.mark.parametrize("slow_start", [False, True])
def test_bubblewrap_that_fails_to_start(toy_elsewhere, monkeypatch, slow_start):
    """slow_start: the grader is busy, and bubblewrap has ended before it is sent its first request."""
    import subprocess

    from grader.sandbox import confine, zygotes
    view = confine.view_argv
    monkeypatch.setattr(confine, "view_argv", lambda *a: ["--refused-here"] + view(*a))

    class Late(subprocess.Popen):
        def __init__(self, argv, **kwargs):
            super().__init__(argv, **kwargs)
            if "--refused-here" in argv:
                self.wait(10)
    if slow_start:
        monkeypatch.setattr(zygotes.subprocess, "Popen", Late)
    note, percent = note_and_percent(toy_elsewhere)
    assert percent == 100.0
    assert note.startswith("process isolation only (bubblewrap failed: bwrap: Unknown option --refused-here)")
