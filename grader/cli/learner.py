"""What a learner runs: list, grade, notebook, data."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from grader.cli import check_output, course_of, display, grade_folder, grading_options, jobs_option, main, quiet_options
from grader.errors import UsageError
from grader.files import write_atomic

def format_option(command):
    from grader.report import FORMATS

    return click.option("--format", "fmt", type=click.Choice(list(FORMATS)), default="text", show_default=True,
                        help="Report format (JSON: docs/report-schema.md; classroom: GitHub Classroom's "
                             "autograding result).")(command)


REPORT_EXAMPLES = """
\b
Examples:
  coursekit grade --all --format json --output report.json
  coursekit report report.json --format markdown >> "$GITHUB_STEP_SUMMARY"
  coursekit report report.json --format classroom --output classroom.json
"""

GRADE_EXAMPLES = """
\b
Examples:
  coursekit grade lecture2                 grade your work in exercises/lecture2
  coursekit grade lecture2.E03             one exercise
  coursekit grade makemore --format json   by alias, as JSON
  coursekit grade --all --solutions        the reference solutions (must score 100%)
  coursekit grade --all --skip-training    everything but the exercises that train a model
  coursekit grade lecture2 --submission ~/alice --output alice.json --format json
"""


@main.command("list")
@click.pass_context
def list_(ctx):
    """Lectures, their exercises and points."""
    c = course_of(ctx)
    for lec in c.lectures:
        aliases = f"  (also: {', '.join(lec.aliases)})" if lec.aliases else ""
        click.echo(f"{lec.id}  {lec.title}{aliases}")
        for e in lec.exercises:
            click.echo(f"  {e.id:<24} {e.points:>3g} pts  {e.dir + '/' + e.module:<29} {e.title}")
    click.echo(f"{len(c.exercises)} exercises, {sum(e.points for e in c.exercises):g} points")


@main.command(epilog=GRADE_EXAMPLES)
@click.argument("targets", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every exercise of the course.")
@click.option("--submission", type=click.Path(path_type=Path),
              help="What to grade (default: exercises/): a folder of lecture folders, a clone of the "
                   "bundle, one lecture's files, a .ipynb notebook, or a .zip of any of these.")
@click.option("--solutions", is_flag=True, help="Grade the reference solutions instead.")
@jobs_option("Exercises graded at once.")
@grading_options
@click.option("--skip-training", is_flag=True, help="Leave out the exercises that train a model (minutes each).")
@format_option
@click.option("--output", type=click.Path(path_type=Path), help="Write the report to FILE instead of stdout.")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit 1 if the score is under PCT percent.")
@quiet_options
@click.pass_context
def grade(ctx, targets, all_, submission, solutions, device, jobs, timeout, hidden, skip_training, fmt, output,
          fail_under, quiet, verbose):
    """Grade exercises: TARGET is a lecture (lecture2), an alias, or one exercise (lecture2.E03)."""
    from grader import sandbox

    c = course_of(ctx)
    sandbox.start(c.checks, str(c.root))   # the zygote imports torch while this process does the same
    if all_ == bool(targets):
        raise UsageError("name what to grade: a lecture such as lecture2, an exercise such as "
                         "lecture2.E03, or --all")
    exercises = [e for e in (c.exercises if all_ else c.resolve(list(targets))) if not (skip_training and e.training)]
    if not exercises:
        raise UsageError("--skip-training leaves nothing to grade: every exercise named trains a model")
    if solutions and submission:
        raise UsageError("--solutions and --submission exclude each other")
    if solutions and not c.solutions.is_dir():
        raise UsageError("--solutions: this is a student bundle, which has no solutions/")
    folder = c.solutions if solutions else (submission or c.exercises_dir)
    if not folder.exists():
        raise UsageError(f"--submission {folder}: no such file or folder")
    check_output(output)
    from grader import submission as submissions

    with submissions.opened(c, folder, exercises, say=lambda line: click.echo(line, err=True)) as sub:
        if sub.notebook is None:
            _check_submission(folder, sub.folder, exercises)
        with display(len(exercises), quiet, verbose) as progress:
            report = sub.finish(grade_folder(c, exercises, sub.folder, device, hidden, timeout, jobs, progress))
    emit(report, fmt, output)
    if output:
        click.echo(f"{report.points:g} / {report.max_points:g} ({report.percent:.1f}%); report in {output}", err=True)
    if fail_under is not None and report.percent < fail_under:
        sys.exit(1)


def _check_submission(given: Path, folder: Path, exercises) -> None:
    """A folder without a single file to grade is almost surely the wrong folder."""
    from grader.submission import has_work

    if not has_work(folder, exercises):
        first = exercises[0]
        raise UsageError(f"--submission {given}: none of the files to grade are here (for example "
                         f"{first.dir}/{first.module}); is it the right folder?")


def emit(report, fmt: str, output: Path | None) -> None:
    """The report in ``fmt``, into ``output`` or onto stdout: the text report drawn with rich where
    stdout is a terminal (outside CI), plain text for files and pipes."""
    from grader import report as reports

    if output is None and fmt == "text" and sys.stdout.isatty() and not os.environ.get("CI"):
        from rich.console import Console

        reports.to_terminal(report, Console())
        return
    text = reports.FORMATS[fmt](report)
    if output:
        write_atomic(output, text)
    else:
        click.echo(text, nl=False)


@main.command("report", epilog=REPORT_EXAMPLES)
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@format_option
@click.option("--output", type=click.Path(path_type=Path), help="Write it to FILE instead of stdout.")
def report_(path, fmt, output):
    """Show a saved JSON report (`grade --format json`) in another format, without grading again."""
    import json

    from grader import report as reports
    from grader.result import Report

    try:
        body = json.loads(path.read_text())
        if body.get("schema") != reports.SCHEMA:
            raise ValueError("not a coursekit report")
        report = Report.from_dict(body)
    except (ValueError, KeyError, TypeError, AttributeError) as e:
        raise UsageError(f"{path}: not a coursekit JSON report ({e})") from None
    check_output(output)
    emit(report, fmt, output)


@main.command("notebook")
@click.argument("lecture")
@click.option("--out", type=click.Path(path_type=Path), help="The notebook to write (default: LECTURE.ipynb here).")
@click.option("--force", is_flag=True, help="Overwrite an existing notebook (it may hold your work).")
@click.option("--from-files", is_flag=True, help="Fill the code cells from your files in exercises/ as they are "
                                                  "now, instead of from the stubs as handed out.")
@click.pass_context
def notebook_(ctx, lecture, out, force, from_files):
    """Write a Jupyter notebook for LECTURE: statements, stubs as tagged cells, check cells."""
    from grader import notebook

    c = course_of(ctx)
    path = notebook.write(c, lecture, out, force, from_files)
    click.echo(f"notebook written to {path} (its cells from {notebook.cells_from(c, lecture, from_files)}); open it "
               f"in Jupyter, or grade the saved notebook with `coursekit grade {lecture} --submission {path}`", err=True)


@main.group()
def data():
    """Datasets: download, verify, locate."""


def _datasets(ctx, name):
    from grader import data as datasets

    c = course_of(ctx)
    entries = datasets.manifest(c.manifest)
    if name is None:
        return list(entries.values())
    if name not in entries:
        raise UsageError(f"unknown dataset {name!r}; the manifest has {', '.join(entries)}")
    return [entries[name]]


@data.command()
@click.argument("name", required=False)
@click.pass_context
def fetch(ctx, name):
    """Download NAME (default: all) into the cache, unless it is already here."""
    from grader import data as datasets

    for ds in _datasets(ctx, name):
        click.echo(f"{ds.name}: {datasets.locate(ds)}")


@data.command()
@click.argument("name", required=False)
@click.pass_context
def verify(ctx, name):
    """Check the size and sha256 of NAME (default: all) where it is found."""
    from grader import data as datasets

    for ds in _datasets(ctx, name):
        path = datasets.locate(ds, download=False)
        click.echo(f"{ds.name}: ok ({ds.size} bytes, sha256 {ds.sha256[:12]}…) {path}")


@data.command()
@click.argument("name", required=False)
@click.pass_context
def path(ctx, name):
    """Print where NAME (default: all) is, without downloading."""
    from grader import data as datasets

    for ds in _datasets(ctx, name):
        click.echo(datasets.locate(ds, download=False))
