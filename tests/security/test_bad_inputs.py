"""Bad input gets one clear line and exit code 2, never a traceback (tests/engine/test_cli.py has more)."""
import urllib.error

import pytest
from click.testing import CliRunner

from grader.cli import main
from tests.conftest import ROOT


def run(*args):
    result = CliRunner().invoke(main, ["--course", str(ROOT), *args])
    return result.exit_code, result.stderr


def first_feedback(*args) -> str:
    """What the first check of the one exercise graded says (the others point to it)."""
    import json

    result = CliRunner().invoke(main, ["--course", str(ROOT), *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    (exercise,) = json.loads(result.stdout)["exercises"]
    assert exercise["points"] == 0
    return exercise["checks"][0]["feedback"][0]


@pytest.fixture
def no_data(tmp_path, monkeypatch):
    """No dataset anywhere, and no network."""
    monkeypatch.setenv("COURSEKIT_DATA", str(tmp_path / "data"))
    monkeypatch.setenv("COURSEKIT_CACHE", str(tmp_path / "cache"))
    (tmp_path / "data").mkdir()

    def offline(*args, **kwargs):
        raise urllib.error.URLError("no network")
    monkeypatch.setattr("urllib.request.urlopen", offline)
    return tmp_path / "data"


def test_missing_dataset_without_network(no_data):
    """It costs the exercises that need the data (and says why in each), never the whole run."""
    said = first_feedback("grade", "lecture2.bigram")
    assert said.startswith("not graded: could not download names from https://")
    assert said.endswith("; set COURSEKIT_DATA to a folder holding names.txt")


def test_corrupt_dataset(no_data):
    (no_data / "names.txt").write_text("emma\n" * 45629)            # the right size, the wrong bytes
    said = first_feedback("grade", "lecture2.bigram")
    assert "checksum mismatch for names" in said and "coursekit data fetch names" in said


def test_unknown_lecture_suggests_the_closest():
    assert run("grade", "lectur2") == (2, "coursekit: unknown lecture 'lectur2' (did you mean 'lecture2'?); "
                                          "`coursekit list` shows them all\n")


def test_syntax_error_in_a_learner_file_names_file_and_line(grade_mutant):
    r = grade_mutant("lecture2.E05", "cross_entropy.py", "def ce_loss(", "def ce_loss(:")
    assert r.points == 0
    first, *rest = r.checks
    assert first.feedback[0].startswith("syntax error in cross_entropy.py, line ")      # said once
    assert rest and all(c.feedback == [f"not run: your module did not import (see {first.name})"] for c in rest)
