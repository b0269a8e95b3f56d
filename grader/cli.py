"""The `coursekit` command line: it parses, calls the engine, and prints.

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
from grader.files import write_atomic

EXAMPLES = {
    "grade": """
\b
Examples:
  coursekit grade lecture2                 grade your work in exercises/lecture2
  coursekit grade lecture2.E03             one exercise
  coursekit grade makemore --format json   by alias, as JSON
  coursekit grade --all --solutions        the reference solutions (must score 100%)
  coursekit grade lecture2 --submission ~/alice --output alice.json --format json
""",
    "batch": """
\b
Examples:
  coursekit batch submissions/ --out grades.csv            every exercise, reports in reports/
  coursekit batch submissions/ lecture2 --out l2.csv --jobs 4
  coursekit batch submissions/ --out part2.csv --shard 2/4  the second of four slices
  coursekit merge reports/ --out grades.csv                  one gradebook from the shards
""",
    "new": """
\b
Examples:
  coursekit new lecture4.E03                              solutions/lecture4/e03.py, its checks and test
  coursekit new lecture4.E03 --module fold_more.py --title "E03: fold BatchNorm into the next Linear"
  coursekit new lecture2.E06 --points 10
""",
}


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
    """Turns a UsageError from anywhere below into one line on stderr and exit 2."""

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


def _course(ctx):
    from grader import course

    root = ctx.obj["course_dir"]
    if root is not None and not (root / course.COURSE_FILE).is_file():
        raise UsageError(f"{root / course.COURSE_FILE}: not found")
    return course.load(root.resolve() if root else None)


@main.command("list")
@click.pass_context
def list_(ctx):
    """Lectures, their exercises and points."""
    c = _course(ctx)
    for lec in c.lectures:
        aliases = f"  (also: {', '.join(lec.aliases)})" if lec.aliases else ""
        click.echo(f"{lec.id}  {lec.title}{aliases}")
        for e in lec.exercises:
            click.echo(f"  {e.id:<24} {e.points:>3g} pts  {e.dir + '/' + e.module:<29} {e.title}")
    click.echo(f"{len(c.exercises)} exercises, {sum(e.points for e in c.exercises):g} points")


def _resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda: CUDA is not available on this machine; use --device auto or cpu")
    return device


def _check_output(path: Path | None, flag: str = "--output") -> None:
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


def _progress(total: int):
    """Per-exercise progress on a terminal; silent in CI logs and pipes."""
    if not sys.stderr.isatty() or os.environ.get("CI"):
        return None
    done = []

    def show(result):
        done.append(result)
        click.echo(f"[{len(done)}/{total}] {result.id:<24} {result.points:g} / {result.max_points:g}", err=True)
    return show


@main.command(epilog=EXAMPLES["grade"])
@click.argument("targets", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every exercise of the course.")
@click.option("--submission", type=click.Path(path_type=Path),
              help="What to grade (default: exercises/): a folder of lecture folders, a clone of the "
                   "bundle, one lecture's files, a .ipynb notebook, or a .zip of any of these.")
@click.option("--solutions", is_flag=True, help="Grade the reference solutions instead.")
@jobs_option("Exercises graded at once.")
@grading_options
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown", "junit", "gradescope"]),
              default="text", show_default=True, help="Report format (JSON: docs/report-schema.md).")
@click.option("--output", type=click.Path(path_type=Path), help="Write the report to FILE instead of stdout.")
@click.option("--fail-under", type=click.FloatRange(0, 100), help="Exit 1 if the score is under PCT percent.")
@click.pass_context
def grade(ctx, targets, all_, submission, solutions, device, jobs, timeout, hidden, fmt, output, fail_under):
    """Grade exercises: TARGET is a lecture (lecture2), an alias, or one exercise (lecture2.E03)."""
    from grader import sandbox

    c = _course(ctx)
    sandbox.start(c.checks, str(c.root))   # the zygote imports torch while this process does the same
    if all_ == bool(targets):
        raise UsageError("name what to grade: a lecture such as lecture2, an exercise such as "
                         "lecture2.E03, or --all")
    exercises = c.exercises if all_ else c.resolve(list(targets))
    if solutions and submission:
        raise UsageError("--solutions and --submission exclude each other")
    folder = c.solutions if solutions else (submission or c.exercises_dir)
    if not folder.exists():
        raise UsageError(f"--submission {folder}: no such file or folder")
    _check_output(output)
    from grader import submission as submissions

    with submissions.opened(c, folder, exercises, say=lambda line: click.echo(line, err=True)) as sub:
        if sub.notebook is None:
            _check_submission(folder, sub.folder, exercises)
        report = sub.finish(_grade(c, exercises, sub.folder, device, hidden, timeout, jobs))
    text = report_text(report, fmt)
    if output:
        write_atomic(output, text)
        click.echo(f"{report.points:g} / {report.max_points:g} ({report.percent:.1f}%); report in {output}", err=True)
    else:
        click.echo(text, nl=False)
    if fail_under is not None and report.percent < fail_under:
        sys.exit(1)


def _check_submission(given: Path, folder: Path, exercises) -> None:
    """A folder without a single file to grade is almost surely the wrong folder."""
    from grader.engine import lecture_folder

    if not any((lecture_folder(folder, e) / e.module).is_file() for e in exercises):
        first = exercises[0]
        raise UsageError(f"--submission {given}: none of the files to grade are here (for example "
                         f"{first.dir}/{first.module}); is it the right folder?")


def _grade(c, exercises, folder: Path, device: str, hidden: bool, timeout, jobs: int):
    from grader import engine

    options = engine.Options(submission=folder, device=_resolve_device(device), hidden=hidden,
                             timeout=timeout, jobs=jobs)
    return engine.grade(c, exercises, options, progress=_progress(len(exercises)))


def report_text(report, fmt: str) -> str:
    from grader import report as reports

    return reports.FORMATS[fmt](report)


@main.command()
@jobs_option("Exercises graded at once.")
@click.pass_context
def validate(ctx, jobs):
    """Check the course: course.yaml sound, stubs in sync, solutions 100%, stubs 0%."""
    from grader import notebook, sandbox, stubs
    from grader.check import layout_problems, load_checks

    c = _course(ctx)
    sandbox.start(c.checks, str(c.root))
    problems = list(stubs.drift(c)) + notebook.drift(c)
    checks = load_checks(c.checks, c.root)
    ids = {e.id for e in c.exercises}
    problems += [f"check {k} belongs to no exercise in course.yaml" for k, v in checks.items()
                 if v.exercise not in ids and k.startswith(tuple(f"{lec.id}." for lec in c.lectures))]
    problems += layout_problems(c.checks, ids)
    for e in c.exercises:
        mine = [k for k in checks.values() if k.exercise == e.id]
        if not any(not k.hidden for k in mine) or not any(k.hidden for k in mine):
            problems.append(f"{e.id} needs public and hidden checks "
                            f"({sum(not k.hidden for k in mine)} public, {sum(k.hidden for k in mine)} hidden)")
        problems += [f"{k.id} runs on {k.device}, which course.yaml does not list in {e.id}'s devices"
                     for k in mine if k.device not in e.devices]
        for folder in (c.solutions, c.exercises_dir):
            if not (folder / e.dir / e.module).is_file():
                problems.append(f"{e.id}: {(folder / e.dir / e.module).relative_to(c.root)} is missing")
    if not problems:
        for label, folder, want in (("solutions", c.solutions, 100.0), ("stubs", c.exercises_dir, 0.0)):
            report = _grade(c, c.exercises, folder, "auto", True, None, jobs)
            for e in report.exercises:
                got = 100.0 * e.points / e.max_points if e.max_points else want
                if abs(got - want) > 1e-6:
                    bad = [f"{k.name}: {k.status}" + (f" ({k.feedback[0]})" if k.feedback else "")
                           for k in e.checks if (k.points < k.max_points if want else k.points > 0)]
                    problems.append(f"{label}: {e.id} scores {got:.1f}%, expected {want:g}%; " + "; ".join(bad)[:300])
            click.echo(f"{label}: {report.percent:.1f}% ({report.points:g} / {report.max_points:g})")
    for p in problems:
        click.echo(f"problem: {p}")
    click.echo("course is valid" if not problems else f"{len(problems)} problem(s)")
    sys.exit(1 if problems else 0)


@main.command("stubs")
@click.option("--force", is_flag=True, help="Also overwrite stubs that were edited.")
@click.pass_context
def stubs_(ctx, force):
    """Regenerate exercises/ from solutions/ (never overwriting edited work without --force)."""
    from grader import stubs

    c = _course(ctx)
    edited = [p for p, text in stubs.expected(c).items() if p.is_file() and p.read_text() != text]
    if edited and not force:
        names = ", ".join(str(p.relative_to(c.root)) for p in edited[:5])
        raise UsageError(f"{len(edited)} file(s) under exercises/ differ from their stubs ({names}); "
                         f"they may hold your work: rerun with --force to overwrite them")
    changed = stubs.write(c)
    click.echo(f"{len(changed)} stub file(s) written" if changed else "exercises/ is up to date")


@main.command(epilog=EXAMPLES["new"])
@click.argument("exercise")
@click.option("--module", metavar="FILE.py", help="The learner's file in the lecture's folder (default: from the "
              "exercise id, e.g. e03.py).")
@click.option("--title", help="The exercise's title in course.yaml (default: a placeholder to replace).")
@click.option("--points", type=float, default=None, help="Its points in course.yaml.  [default: 5]")
@click.pass_context
def new(ctx, exercise, module, title, points):
    """Add EXERCISE (lecture4.E03) to the course: its course.yaml entry, solution, stub, checks and test.

    What it writes grades right away (the reference 100%, the stub 0%): an example to replace.
    It never overwrites a file.
    """
    from grader import scaffold

    c = _course(ctx)
    plan = scaffold.plan(c, exercise, module, title, scaffold.DEFAULT_POINTS if points is None else points)
    created = scaffold.write(plan)
    click.echo(f"{exercise} added to course.yaml after {plan.after}; created:")
    for path in created:
        click.echo(f"  {plan.relative(path)}")
    click.echo("next:")
    for i, step in enumerate(scaffold.next_steps(plan), 1):
        click.echo(f"  {i}. {step}")


@main.command("notebook")
@click.argument("lecture")
@click.option("--out", type=click.Path(path_type=Path), help="The notebook to write (default: LECTURE.ipynb here).")
@click.option("--force", is_flag=True, help="Overwrite an existing notebook (it may hold your work).")
@click.pass_context
def notebook_(ctx, lecture, out, force):
    """Write a Jupyter notebook for LECTURE: statements, stubs as tagged cells, check cells."""
    from grader import notebook

    path = notebook.write(_course(ctx), lecture, out, force)
    click.echo(f"notebook written to {path}; open it in Jupyter, or grade the saved notebook with "
               f"`coursekit grade {lecture} --submission {path}`", err=True)


@main.group()
def data():
    """Datasets: download, verify, locate."""


def _datasets(ctx, name):
    from grader import data as datasets

    c = _course(ctx)
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


def _targets(c, targets, all_):
    if all_ and targets:
        raise UsageError("give targets or --all, not both")
    return c.exercises if all_ or not targets else c.resolve(list(targets))


@main.command(epilog=EXAMPLES["batch"])
@click.argument("submissions", type=click.Path(path_type=Path))
@click.argument("targets", nargs=-1)
@click.option("--all", "all_", is_flag=True, help="Every exercise (the default without targets).")
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The gradebook CSV to write.")
@click.option("--reports", type=click.Path(path_type=Path),
              help="Folder for the per-learner JSON reports (default: reports/ beside --out).")
@jobs_option("Learners graded at once.")
@click.option("--shard", metavar="K/N", help="Grade only the K-th of N slices of the sorted learners.")
@grading_options
@click.pass_context
def batch(ctx, submissions, targets, all_, out, reports, jobs, shard, device, timeout, hidden):
    """Grade a class: SUBMISSIONS holds one entry per learner (a folder, a bundle clone, a .ipynb, a .zip,
    or LMS flat files such as hank_12345_bigram.py); every entry is a row; resumes where it stopped."""
    from grader import batch as batches, engine, sandbox

    c = _course(ctx)
    sandbox.start(c.checks, str(c.root))
    exercises = _targets(c, targets, all_)
    people = batches.shard(batches.learners(submissions), shard)
    _check_output(out, "--out")
    folder = reports or out.parent / "reports"
    options = engine.Options(submission=submissions, device=_resolve_device(device), hidden=hidden, timeout=timeout)
    quiet = not sys.stderr.isatty() or os.environ.get("CI")
    count = []

    def progress(learner, body, reused):
        count.append(learner)
        if not quiet:
            note = " (already graded)" if reused else f" ({body['error']})" if body.get("error") else ""
            click.echo(f"[{len(count)}/{len(people)}] {learner.name:<24} {body['percent']:.1f}%{note}", err=True)
    try:
        bodies = batches.grade_all(c, exercises, people, folder, options, jobs, progress)
    except KeyboardInterrupt:
        sandbox.kill_all()
        click.echo(f"\ninterrupted after {len(count)} of {len(people)} learners; their reports are in "
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

    _check_output(out, "--out")
    bodies = batches.read_reports(list(reports))
    write_atomic(out, batches.gradebook(bodies))
    click.echo(f"{len(bodies)} learners merged into {out}", err=True)


@main.command()
@click.option("--out", type=click.Path(path_type=Path), required=True, help="A new folder for the bundle.")
@click.pass_context
def release(ctx, out):
    """Write the student bundle: stubs, public checks, grader, references; no solutions, no hidden checks."""
    from grader import release as releases, sandbox

    c = _course(ctx)
    sandbox.start(c.checks, str(c.root))
    releases.build(c, out, hidden=False)
    click.echo(f"student bundle written to {out}", err=True)


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The zip to write.")
@click.pass_context
def gradescope(ctx, targets, out):
    """Write Gradescope's autograder zip (setup.sh, run_autograder, the kit with hidden checks).

    TARGETS are what it grades (default: every exercise), e.g. `coursekit gradescope lecture2
    --out lecture2.zip`. Learners upload their lecture folders or one lecture's files.
    """
    from grader import release as releases, sandbox

    c = _course(ctx)
    sandbox.start(c.checks, str(c.root))
    if targets:
        c.resolve(list(targets))               # a typo fails now, not on Gradescope
    _check_output(out, "--out")
    with tempfile.TemporaryDirectory() as work:
        releases.autograder_zip(c, out, list(targets), Path(work))
    click.echo(f"Gradescope autograder written to {out}", err=True)
