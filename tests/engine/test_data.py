"""Datasets: $COURSEKIT_DATA, then the cache, then a verified download; never a corrupt copy."""
import hashlib

import pytest

from grader import data
from grader.errors import UsageError


@pytest.fixture
def dataset(tmp_path, monkeypatch):
    source = tmp_path / "origin" / "tiny.txt"
    source.parent.mkdir()
    source.write_text("emma\nolivia\n")
    monkeypatch.setenv("COURSEKIT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("COURSEKIT_DATA", str(tmp_path / "data"))
    return data.Dataset(name="tiny", file="tiny.txt", url=source.as_uri(),
                        sha256=hashlib.sha256(source.read_bytes()).hexdigest(), size=source.stat().st_size)


def test_download_verifies_then_caches(dataset, tmp_path):
    with pytest.raises(UsageError, match="tiny is not available locally"):
        data.locate(dataset, download=False)
    path = data.locate(dataset)
    assert path == (tmp_path / "cache" / "data" / "tiny.txt").resolve()
    assert data.locate(dataset, download=False) == path


def test_coursekit_data_comes_first(dataset, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tiny.txt").write_text("emma\nolivia\n")
    assert data.locate(dataset) == (tmp_path / "data" / "tiny.txt").resolve()


def test_corrupt_copy_is_an_error(dataset, tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tiny.txt").write_text("emma\nolivix\n")
    with pytest.raises(UsageError, match="checksum mismatch for tiny"):
        data.locate(dataset)


def test_bad_download_saves_nothing(dataset, tmp_path):
    bad = data.Dataset(**{**dataset.__dict__, "sha256": "0" * 64})
    with pytest.raises(UsageError, match="does not match the manifest's sha256; nothing was saved"):
        data.locate(bad)
    assert not any((tmp_path / "cache" / "data").iterdir())


def test_unreachable_download(dataset):
    gone = data.Dataset(**{**dataset.__dict__, "url": "file:///nonexistent/tiny.txt"})
    with pytest.raises(UsageError, match="could not download tiny"):
        data.locate(gone)


def test_a_missing_dataset_costs_only_the_exercises_that_need_it(course, monkeypatch):
    """names.txt gone and no download: lecture2.E05 (no dataset) is graded; E04 (names) is not, and says why."""
    from tests.conftest import grade

    def offline(ds):
        raise UsageError(f"could not download {ds.name} (offline)")
    monkeypatch.setattr(data, "candidates", lambda ds: [])
    monkeypatch.setattr(data, "fetch", offline)
    report = grade(course, ["lecture2.E04", "lecture2.E05"], course.solutions)
    e04, e05 = report.exercise("lecture2.E04"), report.exercise("lecture2.E05")
    assert e05.points == e05.max_points > 0
    assert e04.points == 0
    first, *rest = e04.checks
    assert (first.status, first.feedback) == ("error", ["not graded: could not download names (offline)"])
    assert all(c.feedback == [f"not run (see {first.name})"] for c in rest if c.status != "skipped")
