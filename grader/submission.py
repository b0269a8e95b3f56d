"""A submission, in whatever shape it arrives, opened one way for `grade`, `batch` and Gradescope.

What learners hand in, and what each becomes for the engine (a folder of lecture folders, or the
flat files of one lecture, which the engine also grades):
- a folder of lecture folders (``lecture2/bigram.py``), or the files of one lecture, flat: itself;
- a clone of the student bundle or of the course: its ``exercises/`` folder;
- a folder holding only one notebook, one zip or one folder (as Gradescope stores an upload): that;
- one ``.ipynb``: the lecture folder its cells make (grader/notebook/reading.py);
- a ``.zip`` of any of these: unpacked into a temporary folder (no links, no path that leaves it,
  a size bound) and opened again;
- one lecture file alone, or LMS flat files, ``<learner>_<id>_<file>.py`` as Canvas and Moodle
  download them: the files under their own names.
Anything else is refused in one line that says what it is, so a batch never drops a learner silently.
"""
from __future__ import annotations

import contextlib
import hashlib
import re
import shutil
import stat
import tempfile
import zipfile
from pathlib import Path
from typing import Callable, Iterator

from grader import notebook
from grader.errors import UsageError
from grader.notebook import Submission

MAX_UNPACKED_BYTES = 32 << 20          # as the sandbox's bound on a lecture folder
MAX_MEMBERS = 2000
MAX_DEPTH = 4                          # folders within folders before the submission is given up on
# Canvas: "hank_12345_67890_bigram.py", "hank_LATE_12345_67890_bigram-1.py" (a resubmission);
# Moodle-like: "hank_12345_bigram.py"
LMS_FILE = re.compile(r"^(?P<learner>[^_]+)_(?:LATE_)?\d+_(?:\d+_)?(?P<stem>.+?)(?:-\d+)?(?P<suffix>\.py|\.ipynb)$")


def lms_parts(name: str) -> tuple[str, str] | None:
    """(learner, file) of an LMS download's flat file name, or None."""
    m = LMS_FILE.match(name)
    return (m["learner"], m["stem"] + m["suffix"]) if m else None


def kind(path: Path) -> str:
    """What ``path`` is as a submission, in a word or two: the reason a batch row gives for it."""
    if path.is_dir():
        return "folder"
    if path.suffix == ".ipynb":
        return "notebook"
    if path.suffix == ".zip":
        return "zip"
    if lms_parts(path.name):
        return "lms file"
    if path.suffix == ".py":
        return "file"
    return ""


@contextlib.contextmanager
def opened(course, paths: Path | list[Path], exercises: list, strict: bool = True,
           say: Callable[[str], None] | None = None) -> Iterator[Submission]:
    """The submission at ``paths`` as a folder for the engine, with the way back to a notebook's cells.

    ``paths`` is one file or folder, or a learner's LMS flat files. A file that is no notebook, zip or
    lecture file is an error (UsageError); ``strict``: so is a notebook cell that does not parse,
    which otherwise costs only the exercises that needed it.
    Temporary folders (an unpacked zip, a notebook's modules) are removed afterwards."""
    with contextlib.ExitStack() as stack:
        def scratch(prefix: str) -> Path:
            return Path(stack.enter_context(tempfile.TemporaryDirectory(prefix=prefix)))

        if isinstance(paths, list):
            yield Submission(folder=_flat_files(paths, scratch("coursekit-lms-")))
            return
        path = paths
        for _ in range(MAX_DEPTH):
            if path.is_file() and path.suffix == ".zip":
                path = _unzip(path, scratch("coursekit-zip-"))
                continue
            if path.is_file() and path.suffix == ".ipynb":
                yield stack.enter_context(notebook.submission(course, path, exercises, strict=strict, say=say))
                return
            if path.is_file() and path.suffix == ".py":      # one lecture file, handed in alone
                yield Submission(folder=_flat_files([path], scratch("coursekit-file-")))
                return
            if path.is_file():
                raise UsageError(f"{path.name}: not a folder, notebook, zip or .py file of a submission")
            inner = _inside(path, exercises)
            if inner is None:
                break
            path = inner
        lms = sorted(p for p in path.iterdir() if p.is_file() and lms_parts(p.name)) if path.is_dir() else []
        if lms and not has_work(path, exercises):
            yield Submission(folder=_flat_files(lms, scratch("coursekit-lms-")))
            return
        yield Submission(folder=path)


def has_work(folder: Path, exercises: list) -> bool:
    """Whether ``folder`` holds a file to grade, where the engine looks for it (its lecture folder,
    or flat: one lecture's files)."""
    from grader.engine import lecture_folder

    return any((lecture_folder(folder, e) / e.module).is_file() for e in exercises)


def _inside(folder: Path, exercises: list) -> Path | None:
    """The submission a folder wraps, or None when the folder itself is the submission.

    A clone of the bundle or the course wraps its ``exercises/``; a folder with nothing to grade
    and one visible entry (a notebook, a zip, a folder: an upload) wraps that entry."""
    if not folder.is_dir() or has_work(folder, exercises):
        return None
    if (folder / "exercises").is_dir():
        return folder / "exercises"
    entries = [p for p in folder.iterdir() if not p.name.startswith((".", "__"))]
    notebooks = [p for p in entries if p.suffix == ".ipynb" and p.is_file()]
    if len(notebooks) == 1:
        return notebooks[0]
    if len(entries) == 1 and (entries[0].is_dir() or entries[0].suffix == ".zip"):
        return entries[0]
    return None


def _unzip(archive: Path, into: Path) -> Path:
    """Unpack ``archive`` into ``into``: regular files only, every path inside it, a bounded size."""
    try:
        with zipfile.ZipFile(archive) as z:
            members = z.infolist()
            if len(members) > MAX_MEMBERS:
                raise UsageError(f"{archive.name}: more than {MAX_MEMBERS} files in the zip")
            if sum(m.file_size for m in members) > MAX_UNPACKED_BYTES:
                raise UsageError(f"{archive.name}: unpacks to more than {MAX_UNPACKED_BYTES >> 20} MB")
            for m in members:
                name = Path(m.filename)
                mode = m.external_attr >> 16
                if m.is_dir() or name.parts[:1] == ("__MACOSX",) or (stat.S_IFMT(mode) and not stat.S_ISREG(mode)):
                    continue                         # folders come with their files; links are not unpacked
                if name.is_absolute() or ".." in name.parts:
                    raise UsageError(f"{archive.name}: {m.filename} points outside the zip")
                target = into / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with z.open(m) as src, open(target, "wb") as dst:
                    shutil.copyfileobj(src, dst)
    except (zipfile.BadZipFile, OSError, RuntimeError) as e:      # RuntimeError: an encrypted member
        raise UsageError(f"{archive.name}: not a readable zip ({e})") from None
    return into


def _flat_files(files: list[Path], into: Path) -> Path:
    """A learner's LMS flat files under their own names (the newest upload of a name wins: it sorts last)."""
    for f in files:
        parts = lms_parts(f.name)
        name = parts[1] if parts else f.name
        if Path(name).suffix == ".ipynb":
            raise UsageError(f"{f.name}: grade a notebook on its own, not among flat files")
        shutil.copyfile(f, into / name)
    return into


def content_hash(work: Path | tuple[Path, ...]) -> str:
    """sha256 over the names and bytes of what was handed in: a file, files, or every file below a
    folder (hidden entries and caches aside; a link is hashed as its target's name, never followed)."""
    h = hashlib.sha256()
    for top in work if isinstance(work, tuple) else (work,):
        files = [top] if not top.is_dir() else sorted(
            p for p in top.rglob("*") if not any(part.startswith((".", "__pycache__"))
                                                  for part in p.relative_to(top).parts))
        for path in files:
            h.update(str(path.relative_to(top) if path != top else path.name).encode() + b"\0")
            if path.is_symlink():
                h.update(b"link:" + str(path.readlink()).encode())
            elif path.is_file():
                with open(path, "rb") as f:           # in pieces: a learner's file may be a gigabyte
                    for block in iter(lambda: f.read(1 << 20), b""):
                        h.update(block)
            h.update(b"\0")
    return h.hexdigest()
