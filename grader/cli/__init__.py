"""The `coursekit` command line: it parses, calls the engine, and prints.

One module per audience, as the commands are listed: ``learner`` (list, grade, report, notebook,
data), ``author`` (validate, stubs, new, release, gradescope: they need the course's solutions/,
so a student bundle neither lists nor runs them) and ``classroom`` (batch, merge, similarity,
canvas). This module holds the group and what they share.

Exit codes: 0 graded (whatever the score); 1 a score under --fail-under, or `validate`
found a problem; 2 a usage or configuration error, said in one line.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import click

from grader.errors import UsageError

AUTHOR_COMMANDS = ("validate", "stubs", "new", "release", "gradescope")    # see author.py


def jobs_option(help_text: str):
    return click.option("--jobs", type=click.IntRange(1, 64), default=min(4, os.cpu_count() or 1),
                        show_default=True, help=help_text)


def grading_options(command):
    """--device, --timeout and --hidden/--public: how checks run, for `grade` and `batch` alike."""
    for option in reversed([
        click.option("--device", type=click.Choice(["auto", "cpu", "cuda"]), default="auto", show_default=True,
                     help="Where GPU-path checks run; without CUDA they are reported as skipped."),
        click.option("--timeout", type=click.FloatRange(min=0.1), help="Seconds per check (default: course.yaml's)."),
        click.option("--hidden/--public", default=True, show_default=True,
                     help="Run hidden checks too, where the course has them."),
    ]):
        command = option(command)
    return command


class Group(click.Group):
    """Turns a UsageError from anywhere below into one line on stderr and exit 2, and keeps the
    authors' commands out of a student bundle (a course without solutions/), where they cannot work."""

    def list_commands(self, ctx):
        return [n for n in super().list_commands(ctx) if n not in AUTHOR_COMMANDS or _authoring(ctx)]

    def get_command(self, ctx, name):
        if name in AUTHOR_COMMANDS and not _authoring(ctx):
            raise UsageError(f"`coursekit {name}` is for the course's authors; this bundle has no solutions/ "
                             f"(`coursekit grade` grades your work)")
        return super().get_command(ctx, name)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except UsageError as e:
            if ctx.obj and ctx.obj.get("debug"):
                raise
            click.echo(f"coursekit: {e}", err=True)
            sys.exit(2)
        except KeyboardInterrupt:
            from grader import sandbox

            sandbox.kill_all()
            click.echo("coursekit: interrupted; nothing was written", err=True)
            sys.exit(130)


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--course", "course_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Folder holding course.yaml (default: the nearest one above the current folder).")
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.version_option(package_name="coursekit")
@click.pass_context
def main(ctx, course_dir, debug):
    """coursekit: exercises and an autograder for Neural Networks: Zero to Hero.

    Fill in the stubs under exercises/, then run `coursekit grade lecture2`.
    """
    ctx.obj = {"debug": debug, "course_dir": course_dir}


def _authoring(ctx) -> bool:
    """Whether the course at hand has its solutions/ (no course found: let the command say so)."""
    from grader import course

    root = (ctx.params or {}).get("course_dir") or (ctx.obj or {}).get("course_dir")
    try:
        root = root or course.find_root()
    except UsageError:
        return True
    return (Path(root) / "solutions").is_dir() or not (Path(root) / course.COURSE_FILE).is_file()


def course_of(ctx):
    from grader import course

    root = ctx.obj["course_dir"]
    if root is not None and not (root / course.COURSE_FILE).is_file():
        raise UsageError(f"{root / course.COURSE_FILE}: not found")
    return course.load(root.resolve() if root else None)


def resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda: CUDA is not available on this machine; use --device auto or cpu")
    return device


def check_output(path: Path | None, flag: str = "--output") -> None:
    """Fail before grading, not after, when the report could not be written."""
    if path is None:
        return
    if path.is_dir():
        raise UsageError(f"{flag} {path}: is a folder; give a file name")
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise UsageError(f"{flag} {path}: cannot create {folder} ({e.strerror})") from None
    try:
        tempfile.TemporaryFile(dir=folder).close()
    except OSError as e:
        raise UsageError(f"{flag} {path}: cannot write into {folder} ({e.strerror})") from None


def quiet_options(command):
    """-q / -v: how much a long command shows while it runs (grader/progress.py)."""
    command = click.option("-v", "--verbose", is_flag=True,
                           help="Show each check as it starts and what your code prints.")(command)
    return click.option("-q", "--quiet", is_flag=True, help="One line per finished exercise, nothing else.")(command)


def display(total: int, quiet: bool, verbose: bool):
    """The progress display for a run of ``total`` exercises: live on a terminal, quiet in CI and pipes."""
    from grader import progress

    return progress.choose(total, quiet=quiet, verbose=verbose)


def grade_folder(c, exercises, folder: Path, device: str, hidden: bool, timeout, jobs: int, progress=None):
    """``exercises`` of ``folder`` graded as the CLI grades them, shown on ``progress`` as they go."""
    from grader import engine

    options = engine.Options(submission=folder, device=resolve_device(device), hidden=hidden,
                             timeout=timeout, jobs=jobs)
    return engine.grade(c, exercises, options, progress=progress)


from grader.cli import author, classroom, learner  # noqa: E402  (each registers its commands on main)

__all__ = ["main", "author", "classroom", "learner"]
