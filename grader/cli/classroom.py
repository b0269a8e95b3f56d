"""What an instructor runs over a class: batch, merge, similarity, canvas."""
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


SIMILARITY_EXAMPLES = """
\b
Examples:
  coursekit similarity submissions/ --out similarity.html                   every exercise's file
  coursekit similarity submissions/ lecture2.E01 --out e01.html --csv e01.csv
  coursekit similarity submissions/ lecture2 --out l2.html --noise 40       only longer shared stretches

\b
The numbers count characters of normalised code: names become V (variables), F (functions),
O (classes), strings S; comments and spaces go, so `N[ix1, ix2] += 1` is `V[V,V]+=1`, 9.
A pair's similarity is the larger of two shares: how much of one learner's file (beyond the
stub, which is ignored) is found in the other's; 1.0 is all of it.
"""


@main.command(epilog=SIMILARITY_EXAMPLES)
@click.argument("submissions", type=click.Path(path_type=Path))
@click.argument("targets", nargs=-1)
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The HTML report to write (copydetect's: the alike files side by side, shared code highlighted).")
@click.option("--csv", "csv_out", type=click.Path(path_type=Path),
              help="Also write the ranked pairs as CSV: rank, learner_a, learner_b, similarity, file, overlap_tokens, "
                   "similarity_a, similarity_b.")
@click.option("--noise", type=click.IntRange(5, 1000), default=25, show_default=True,
              help="Shared stretches shorter than this are taken as chance (about two lines of code at 25).")
@click.option("--guarantee", type=click.IntRange(5, 1000),
              help="Shared stretches at least this long are always found (default: --noise, every stretch; larger "
                   "is faster on long files and may miss stretches in between).")
@click.option("--display", type=click.FloatRange(0, 1), default=0.33, show_default=True,
              help="The HTML report shows pairs whose share is above this side by side.")
@click.pass_context
def similarity(ctx, submissions, targets, out, csv_out, noise, guarantee, display):
    """Rank pairs of learners by how alike their code is (copydetect), the course's stubs ignored: each
    target's file is compared with the same file of every other learner, a pair ranked by its most alike file.
    SUBMISSIONS is laid out as for `batch`; TARGETS default to every exercise."""
    from grader import similarity as sim

    c = course_of(ctx)
    exercises = c.exercises if not targets else c.resolve(list(targets))
    check_output(out, "--out")
    check_output(csv_out, "--csv")
    result = sim.compare(c, exercises, submissions, noise=noise, guarantee=guarantee or noise, display=display)
    for why in result.skipped:
        click.echo(f"skipped {why}", err=True)
    write_atomic(out, result.html)
    if csv_out:
        write_atomic(csv_out, sim.to_csv(result.pairs))
    for rank, p in enumerate(result.pairs[:10], 1):
        click.echo(f"{rank:>3}. {p.similarity:6.1%}  {p.learner_a} ~ {p.learner_b}  ({p.file}, "
                   f"{p.overlap_tokens} shared)")
    click.echo(f"{len(result.pairs)} pairs of {result.learners} learners over {len(result.files)} "
               f"file{'s' if len(result.files) != 1 else ''}; report: {out}" + (f", pairs: {csv_out}" if csv_out else ""))


CANVAS_EXAMPLES = """
\b
Examples:
  coursekit batch submissions/ lecture2 --out grades.csv
  coursekit canvas grades.csv --roster roster.csv --assignment "Lecture 2 (123456)" --out canvas.csv
  coursekit canvas grades.csv --roster roster.csv --assignment "Lecture 2" --points-possible 100 --out canvas.csv

\b
roster.csv: a `learner` column (the batch's learner: their folder's name) and any of Canvas's
Student, ID, SIS User ID, SIS Login ID, Section; Canvas's own gradebook export with a `learner`
column added will do. Import canvas.csv in Canvas: Grades, Import.
"""


@main.command(epilog=CANVAS_EXAMPLES)
@click.argument("gradebook", type=click.Path(path_type=Path))
@click.option("--roster", type=click.Path(path_type=Path), required=True,
              help="CSV from the batch's learner names to Canvas's Student, ID, SIS User ID, SIS Login ID, Section.")
@click.option("--assignment", required=True,
              help="The assignment's column as Canvas exports it, 'Lecture 2 (123456)' (a new name makes a new one).")
@click.option("--points-possible", type=click.FloatRange(min=0, min_open=True),
              help="Rescale to the Canvas assignment's points (default: the gradebook's points as they are).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The Canvas import CSV to write.")
def canvas(gradebook, roster, assignment, points_possible, out):
    """Turn a gradebook of `batch` or `merge` into Canvas's gradebook import CSV: one assignment column, a
    Points Possible row; graded learners not in the roster and roster entries with no submission are listed."""
    from grader import canvas as canvases

    check_output(out, "--out")
    result = canvases.export(gradebook, roster, assignment, points_possible)
    write_atomic(out, result.csv)
    for label, names in (("not in the roster, left out", result.not_in_roster),
                         ("not graded, left out", result.not_graded),
                         ("in the roster, no graded submission", result.no_submission)):
        if names:
            click.echo(f"{label} ({len(names)}): {'; '.join(names)}", err=True)
    click.echo(f"{result.exported} learners into {out} for {assignment!r}", err=True)
