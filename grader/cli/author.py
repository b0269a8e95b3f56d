"""What a course's authors run: validate, stubs, new, release, gradescope.

Each needs the course's solutions/: in a student bundle they are neither listed nor run.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import click

from grader.cli import check_output, course_of, display, grade_folder, jobs_option, main, quiet_options
from grader.errors import UsageError

NEW_EXAMPLES = """
\b
Examples:
  coursekit new lecture4.E03                              solutions/lecture4/e03.py, its checks and test
  coursekit new lecture4.E03 --module fold_more.py --title "E03: fold BatchNorm into the next Linear"
  coursekit new lecture2.E06 --points 10
"""


@main.command()
@jobs_option("Exercises graded at once.")
@quiet_options
@click.pass_context
def validate(ctx, jobs, quiet, verbose):
    """Check the course: course.yaml sound, stubs in sync, solutions 100%, stubs 0%."""
    from grader import notebook, sandbox, stubs
    from grader.check import layout_problems, load_checks

    c = course_of(ctx)
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
            with display(len(c.exercises), quiet, verbose) as progress:
                report = grade_folder(c, c.exercises, folder, "auto", True, None, jobs, progress)
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

    c = course_of(ctx)
    edited = [p for p, text in stubs.expected(c).items() if p.is_file() and p.read_text() != text]
    if edited and not force:
        names = ", ".join(str(p.relative_to(c.root)) for p in edited[:5])
        raise UsageError(f"{len(edited)} file(s) under exercises/ differ from their stubs ({names}); "
                         f"they may hold your work: rerun with --force to overwrite them")
    changed = stubs.write(c)
    click.echo(f"{len(changed)} stub file(s) written" if changed else "exercises/ is up to date")


@main.command(epilog=NEW_EXAMPLES)
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

    c = course_of(ctx)
    plan = scaffold.plan(c, exercise, module, title, scaffold.DEFAULT_POINTS if points is None else points)
    created = scaffold.write(plan)
    click.echo(f"{exercise} added to course.yaml after {plan.after}; created:")
    for path in created:
        click.echo(f"  {plan.relative(path)}")
    click.echo("next:")
    for i, step in enumerate(scaffold.next_steps(plan), 1):
        click.echo(f"  {i}. {step}")


@main.command()
@click.option("--out", type=click.Path(path_type=Path), required=True, help="A new folder for the bundle.")
@quiet_options
@click.pass_context
def release(ctx, out, quiet, verbose):
    """Write the student bundle: stubs, public checks, grader, references; no solutions, no hidden checks."""
    from grader import release as releases, sandbox

    c = course_of(ctx)
    sandbox.start(c.checks, str(c.root))
    with display(len(c.exercises), quiet, verbose) as progress:
        releases.build(c, out, hidden=False, progress=progress)
    click.echo(f"student bundle written to {out}", err=True)


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--out", type=click.Path(path_type=Path), required=True, help="The zip to write.")
@quiet_options
@click.pass_context
def gradescope(ctx, targets, out, quiet, verbose):
    """Write Gradescope's autograder zip (setup.sh, run_autograder, the kit with hidden checks).

    TARGETS are what it grades (default: every exercise), e.g. `coursekit gradescope lecture2
    --out lecture2.zip`. Learners upload what coursekit hands them: lecture folders, one lecture's
    files, a clone of the bundle, a notebook, or a zip of any of these.
    """
    from grader import release as releases, sandbox

    c = course_of(ctx)
    sandbox.start(c.checks, str(c.root))
    if targets:
        c.resolve(list(targets))               # a typo fails now, not on Gradescope
    check_output(out, "--out")
    with tempfile.TemporaryDirectory() as work, display(len(c.exercises), quiet, verbose) as progress:
        releases.autograder_zip(c, out, list(targets), Path(work), progress)
    click.echo(f"Gradescope autograder written to {out}", err=True)
