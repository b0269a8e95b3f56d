"""What an instructor runs over a class: batch, merge."""
from __future__ import annotations

import os
from pathlib import Path

import click

from grader.cli import (
    check_output, course_of, display, grading_options, jobs_option, main, quiet_options, resolve_device,
)
from grader.errors import UsageError
from grader.files import write_atomic

BATCH_EXAMPLES = """
\b
Examples:
  coursekit batch submissions/ --out grades.csv            every exercise, reports in reports/
  coursekit batch submissions/ lecture2 --out l2.csv --jobs 4
  coursekit batch submissions/ --out part2.csv --shard 2/4  the second of four slices
  coursekit merge reports/ --out grades.csv                  one gradebook from the shards
"""


def targets_of(c, targets, all_):
    if all_ and targets:
        raise UsageError("give targets or --all, not both")
    return c.exercises if all_ or not targets else c.resolve(list(targets))


@main.command(epilog=BATCH_EXAMPLES)
@click.argument("submissions", type=click.Path(path_type=Path))
@click.argument("targets", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every exercise (the default without targets).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The gradebook CSV to write.")
@click.option("--reports", type=click.Path(path_type=Path),
              help="Folder for the per-learner JSON reports (default: reports/ beside --out).")
@jobs_option("Learners graded at once.")
@click.option("--shard", metavar="K/N", help="Grade only the K-th of N slices of the sorted learners.")
@grading_options
@quiet_options
@click.pass_context
def batch(ctx, submissions, targets, all_, out, reports, jobs, shard, device, timeout, hidden, quiet, verbose):
    """Grade a class: SUBMISSIONS holds one entry per learner (a folder, a bundle clone, a .ipynb, a .zip,
    or LMS flat files such as hank_12345_bigram.py); every entry is a row; resumes where it stopped."""
    from grader import batch as batches, engine, sandbox

    c = course_of(ctx)
    sandbox.start(c.checks, str(c.root))
    exercises = targets_of(c, targets, all_)
    people = batches.shard(batches.learners(submissions), shard)
    check_output(out, "--out")
    folder = reports or out.parent / "reports"
    options = engine.Options(submission=submissions, device=resolve_device(device), hidden=hidden, timeout=timeout)
    with display(len(people), quiet, verbose) as progress:
        try:
            bodies = batches.grade_all(c, exercises, people, folder, options, jobs, progress)
        except KeyboardInterrupt:
            sandbox.kill_all()
            progress.close()
            click.echo(f"\ninterrupted after {progress.done} of {len(people)} learners; their reports are in "
                       f"{folder}; run the same command again to go on", err=True)
            os._exit(130)
    write_atomic(out, batches.gradebook(bodies))
    click.echo(f"{len(bodies)} learners graded into {out}; reports in {folder}", err=True)


@main.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The gradebook CSV to write.")
def merge(reports, out):
    """Join learner reports (files or folders of them, e.g. from shards) into one gradebook."""
    from grader import batch as batches

    check_output(out, "--out")
    bodies = batches.read_reports(list(reports))
    write_atomic(out, batches.gradebook(bodies))
    click.echo(f"{len(bodies)} learners merged into {out}", err=True)
