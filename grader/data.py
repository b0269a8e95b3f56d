"""The course's datasets: find them, download them once, and never use a corrupt copy.

Where a dataset is looked for, in order:
1. ``$COURSEKIT_DATA/<file>`` (a folder you already have, e.g. ``../shared/datasets``);
2. the user cache, ``$COURSEKIT_CACHE/data`` or ``~/.cache/coursekit/data``;
3. downloaded from the manifest's URL into the cache, then verified.
A file whose size or sha256 differs from ``datasets/manifest.yaml`` is an error, never used.
"""
from __future__ import annotations

import hashlib
import os
import urllib.request
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from grader.errors import UsageError


@dataclass(frozen=True)
class Dataset:
    name: str
    file: str
    url: str
    sha256: str
    size: int
    description: str = ""


def cache_dir() -> Path:
    """Where coursekit keeps downloads and reference results."""
    if os.environ.get("COURSEKIT_CACHE"):
        return Path(os.environ["COURSEKIT_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "coursekit"


@lru_cache(maxsize=None)
def manifest(path: Path) -> dict[str, Dataset]:
    try:
        entries = yaml.safe_load(path.read_text())
    except FileNotFoundError:
        raise UsageError(f"{path}: dataset manifest not found") from None
    except yaml.YAMLError as e:
        raise UsageError(f"{path}: not valid YAML ({str(e).splitlines()[0]})") from None
    if not isinstance(entries, dict):
        raise UsageError(f"{path}: expected a mapping of dataset names")
    out = {}
    for name, e in entries.items():
        try:
            out[name] = Dataset(name=name, file=e["file"], url=e["url"], sha256=e["sha256"],
                                size=int(e["size"]), description=e.get("description", ""))
        except (KeyError, TypeError, ValueError) as err:
            raise UsageError(f"{path}: dataset {name!r} needs file, url, sha256 and size ({err})") from None
    return out


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


@lru_cache(maxsize=None)
def _verified(path: Path, mtime: float, size: int, want: str) -> str:
    """sha256 of a file, computed once per (path, mtime, size) in a process."""
    return sha256_of(path)


def verify(ds: Dataset, path: Path) -> None:
    """Raise a UsageError unless ``path`` holds exactly the manifest's bytes."""
    st = path.stat()
    if st.st_size != ds.size:
        raise UsageError(f"{path}: {ds.name} should be {ds.size} bytes, found {st.st_size}; "
                         f"delete it and run `coursekit data fetch {ds.name}`")
    got = _verified(path, st.st_mtime, st.st_size, ds.sha256)
    if got != ds.sha256:
        raise UsageError(f"{path}: checksum mismatch for {ds.name} (sha256 {got[:12]}…, expected "
                         f"{ds.sha256[:12]}…); delete it and run `coursekit data fetch {ds.name}`")


def candidates(ds: Dataset) -> list[Path]:
    paths = []
    if os.environ.get("COURSEKIT_DATA"):
        paths.append(Path(os.environ["COURSEKIT_DATA"]) / ds.file)
    paths.append(cache_dir() / "data" / ds.file)
    return paths


def locate(ds: Dataset, download: bool = True) -> Path:
    """The verified local path of ``ds``, downloading it if allowed and nowhere else."""
    for path in candidates(ds):
        if path.is_file():
            verify(ds, path)
            return path.resolve()
    if not download:
        raise UsageError(f"dataset {ds.name} is not available locally; run `coursekit data fetch "
                         f"{ds.name}` or set COURSEKIT_DATA to a folder holding {ds.file}")
    return fetch(ds)


def fetch(ds: Dataset) -> Path:
    """Download ``ds`` into the cache, verify it, and only then move it into place."""
    target = cache_dir() / "data" / ds.file
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    try:
        with urllib.request.urlopen(ds.url, timeout=60) as r, open(part, "wb") as f:
            while block := r.read(1 << 20):
                f.write(block)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise UsageError(f"could not download {ds.name} from {ds.url} ({e}); set COURSEKIT_DATA to a "
                         f"folder holding {ds.file}") from None
    try:
        verify(ds, part)
    except UsageError:
        part.unlink(missing_ok=True)
        raise UsageError(f"the download of {ds.name} from {ds.url} does not match the manifest's "
                         f"sha256; nothing was saved") from None
    os.replace(part, target)
    return target


# The engine locates every dataset an exercise declares before its probes run (in the
# sandbox, which has no network) and before its judges run (in the grader); both read
# them through read_text() or read_bytes().
_located: dict[str, str] = {}


def read_bytes(name: str) -> bytes:
    """The bytes of a dataset the running exercise declared in course.yaml."""
    try:
        return Path(_located[name]).read_bytes()
    except KeyError:
        raise UsageError(f"dataset {name!r} was not declared for this exercise in course.yaml") from None


def read_text(name: str) -> str:
    """The text of a dataset the running exercise declared in course.yaml (UTF-8)."""
    return read_bytes(name).decode()
