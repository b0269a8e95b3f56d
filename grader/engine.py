"""The engine: exercises -> sandbox runs (learner and reference) -> verdicts -> results.

The learner's probes run in the sandbox; the reference's come from the on-disk cache or
from the same sandbox run on solutions/; every verdict is computed here, in the grader's
process, from plain data. Nothing about the learner's process is trusted but the data
it sent, and that only as far as the judge checks it.
"""
from __future__ import annotations

import dataclasses
import hashlib
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from grader import __version__, data, judge, report as reports, sandbox, source
from grader.check import Check, checks_for, load_checks, package_hash
from grader.course import Course, Exercise
from grader.errors import UsageError
from grader.files import tree_hash, write_atomic
from grader.progress import Progress
from grader.result import CheckResult, ExerciseResult, Report
from grader.text import printable

FEEDBACK_LINES = 6
FEEDBACK_CHARS = 4000          # one feedback entry (a traceback is one)
LINE_CHARS = 1000              # one line of it, a last bound (quotes of learner text are capped at 200 where made)


@dataclass(frozen=True)
class Options:
    submission: Path                 # folder holding the lecture folders (exercises/ by default)
    device: str = "cpu"              # cpu or cuda, already resolved from --device auto
    hidden: bool = True              # run hidden checks too
    timeout: float | None = None     # overrides course.yaml's per-check timeout
    jobs: int = 1                    # exercises graded at once


def grade(course: Course, exercises: list[Exercise], options: Options,
          progress: Progress | None = None) -> Report:
    """Grade ``exercises`` of the submission in ``options``; results come back in course order."""
    import torch

    load_checks(course.checks, course.root)     # once, before any worker thread needs them

    progress = progress or Progress(len(exercises))

    def one(ex: Exercise) -> tuple[ExerciseResult, str]:
        result, isolation = grade_exercise(course, ex, options, progress)
        progress.finish(result)
        return result, isolation

    if options.jobs > 1 and len(exercises) > 1:
        with ThreadPoolExecutor(options.jobs) as pool:
            graded = list(pool.map(one, exercises))
    else:
        graded = [one(ex) for ex in exercises]
    ran_hidden = options.hidden and any(c.hidden for ex in exercises
                                        for c in checks_for(ex.id, course.checks, course.root))
    notes = sorted({iso for _, iso in graded if iso})
    return Report(submission=str(options.submission), device=options.device, torch=torch.__version__,
                  hidden=ran_hidden, sandbox=notes[0] if notes else "isolated",
                  exercises=[r for r, _ in graded], graded_at=reports.now(), coursekit=__version__)


def lecture_folder(submission: Path, ex: Exercise) -> Path:
    """Where the submission keeps ``ex``: its lecture folder, or the submission itself when it
    holds one lecture's files directly (as a Gradescope upload does)."""
    folder = submission / ex.dir
    if not folder.is_dir() and (submission / ex.module).is_file():
        return submission
    return folder


def make_job(course: Course, ex: Exercise, options: Options, checks: list[Check]) -> sandbox.Job:
    """The sandbox run that probes ``checks`` of the submission's copy of ``ex``."""
    folder = lecture_folder(options.submission, ex)
    return sandbox.Job(
        folder=str(folder.resolve()), module=ex.module.removesuffix(".py"),
        checks=tuple(c.id for c in checks), timeout=options.timeout or ex.timeout,
        memory_mb=ex.memory_mb, device=options.device, checks_package=course.checks, checks_root=str(course.root),
        env=ex.env, datasets=tuple((name, str(data.locate(data.manifest(course.manifest)[name]))) for name in ex.datasets))


def grade_exercise(course: Course, ex: Exercise, options: Options,
                   progress: Progress | None = None) -> tuple[ExerciseResult, str]:
    """One exercise: probe the learner and the reference, judge each check, share the points.

    Returns the result and, if the sandbox could not fully isolate the run, why not."""
    progress = progress or Progress()
    checks = [c for c in checks_for(ex.id, course.checks, course.root) if options.hidden or not c.hidden]
    runnable = [c for c in checks if c.device == options.device or c.device == "cpu"]
    probed = [c for c in runnable if not c.source]        # source checks run here, on the file itself
    folder = lecture_folder(options.submission, ex)
    isolation, output = "", ""
    wants: dict[str, sandbox.Outcome] = {}
    try:
        job, lacking = make_job(course, ex, options, probed), ""
    except UsageError as e:              # a dataset this exercise needs is not here: only this exercise is lost
        job, lacking = None, f"not graded: {e}"
    outside = _outside(options.submission, folder / ex.module)
    reach = source.grader_reach(folder) if ex.reach_check and not outside else []
    if job is None:
        gots = {c.id: sandbox.Outcome(c.id, error="data", message=lacking) for c in runnable}
    elif outside or reach or not (folder / ex.module).is_file():
        message = outside or (f"{reach[0]}; no check of this exercise was run" if reach else
                              f"{ex.dir}/{ex.module} is missing")
        gots = {c.id: sandbox.Outcome(c.id, error="refused" if outside or reach else "missing", message=message)
                for c in runnable}
    else:
        data._located.update(job.datasets)     # judges may read the exercise's data too
        wanted = [c for c in probed if c.reference]
        # Graded on solutions/ itself (--solutions, validate), the learner's run is the reference's:
        # run once and let it fill the cache, instead of the same probes twice.
        itself = course.solutions.is_dir() and folder.resolve() == (course.solutions / ex.dir).resolve()
        wants = {} if itself else references(course, ex, wanted, job, progress)
        run = sandbox.run(job, progress.start(ex.id)) if probed else sandbox.Run(outcomes=[])
        gots = {o.check: o for o in run.outcomes}
        if itself:
            wants = references(course, ex, wanted, job, progress, computed=gots)
        gots.update(source_outcomes(folder / ex.module, [c for c in runnable if c.source]))
        isolation, output = run.isolation, run.output

    verdicts = {c.id: verdict(c, gots[c.id], wants.get(c.id)) if c in runnable
                else judge.skipped(_why_skipped(c)) for c in checks}
    verdicts = said_once(runnable, gots, verdicts)
    scored = [c for c in checks if verdicts[c.id].status != judge.SKIPPED]
    total_weight = sum(c.weight for c in scored)
    shares = {c.id: ex.points * c.weight / total_weight if c in scored and total_weight else 0.0 for c in checks}
    verdicts = integrity(checks, verdicts, shares)
    results = [CheckResult(id=c.id, name=c.name, hidden=c.hidden, status=verdicts[c.id].status,
                           points=round(shares[c.id] * verdicts[c.id].fraction, 4),
                           max_points=round(shares[c.id], 4),
                           feedback=[printable(entry, FEEDBACK_CHARS, LINE_CHARS)
                                     for entry in verdicts[c.id].feedback[:FEEDBACK_LINES]],
                           error=gots[c.id].error if c.id in gots else "",
                           frames=[(printable(f), n) for f, n in gots[c.id].frames] if c.id in gots else [],
                           duration_s=round(gots[c.id].duration_s, 3) if c.id in gots else 0.0)
               for c in checks]
    earned = sum(shares[c.id] * verdicts[c.id].fraction for c in checks)
    duration = sum(o.duration_s for o in gots.values())
    return ExerciseResult(id=ex.id, title=ex.title, module=f"{ex.dir}/{ex.module}",
                          points=round(earned, 4), max_points=round(sum(shares.values()), 4), checks=results,
                          duration_s=round(duration, 3), output=printable(output)), isolation


def _outside(submission: Path, path: Path) -> str:
    """Why ``path`` is not the submission's own file (a link that leads out of it), or ''."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError):          # a loop of links
        return f"{path.name} cannot be read (a loop of links?); it was not graded"
    if real.is_relative_to(submission.resolve()) or not path.exists():
        return ""
    return f"{path.relative_to(submission)} leads outside the submission (a link?); it was not graded"


def source_outcomes(path: Path, checks: list[Check]) -> dict[str, sandbox.Outcome]:
    """The probes of source checks, run here on the learner's file as this process reads it (capped in
    size, a link not followed): what the learner's process did cannot change what the file says."""
    if not checks:
        return {}
    src = source.read(path)
    out = {}
    for c in checks:
        start = time.perf_counter()
        try:
            out[c.id] = sandbox.Outcome(c.id, data=c.run(src), duration_s=time.perf_counter() - start)
        except Exception as e:  # the check's own code failed on an odd file: say so, never points
            out[c.id] = sandbox.Outcome(c.id, error="source", message=f"the grader's check of {src.file} failed "
                                        f"({type(e).__name__}: {e}); this is a course bug, please report it")
    return out


def integrity(checks: list[Check], verdicts: dict[str, judge.Verdict],
              shares: dict[str, float]) -> dict[str, judge.Verdict]:
    """Source checks applied to the exercise. A failed gate leaves every other check 0 points; a source
    check's own points follow the share of the exercise's other checks that passed (a stub is clean
    but computes nothing)."""
    others = [c for c in checks if not c.source and shares[c.id]]
    total = sum(shares[c.id] for c in others)
    right = sum(shares[c.id] * verdicts[c.id].fraction for c in others) / total if total else 1.0
    gates = [c for c in checks if c.gate and verdicts[c.id].status in (judge.FAILED, judge.ERROR)]
    out = dict(verdicts)
    for c in checks:
        v = verdicts[c.id]
        if v.status == judge.SKIPPED or v.fraction == 0:
            continue
        if gates and not c.source:
            out[c.id] = judge.Verdict(0.0, (f"no points while {gates[0].name} fails: this exercise counts only "
                                            f"when its rule holds (see {gates[0].name})",) + v.feedback)
        elif c.source and right == 0:
            first = next((verdicts[o.id].feedback[0] for o in others if verdicts[o.id].feedback), "")
            out[c.id] = judge.Verdict(0.0, (f"no points until the rest of the exercise earns some ({first})"
                                            if first else "no points until the rest of the exercise earns some",))
        elif c.source and right < 1:
            out[c.id] = judge.Verdict(v.fraction * right, v.feedback + (
                f"the rule holds, and its points follow the rest of the exercise: {right:.0%} of those earned",))
    return out


def said_once(checks: list[Check], gots: dict[str, sandbox.Outcome],
              verdicts: dict[str, judge.Verdict]) -> dict[str, judge.Verdict]:
    """What failed every check alike is said once: a module that did not import (a syntax error, an
    exception at its top level), a dataset that is not here. The first check says why, with the
    traceback; the others point to it."""
    failed = [c for c in checks if c.id in gots and (gots[c.id].importing or gots[c.id].error == "data")]
    if len(failed) < 2:
        return verdicts
    first = failed[0]
    why = "not run: your module did not import" if gots[first.id].importing else "not run"
    out = dict(verdicts)
    for c in failed[1:]:
        out[c.id] = judge.Verdict(0.0, (f"{why} (see {first.name})",), status=verdicts[c.id].status)
    return out


def _why_skipped(c: Check) -> str:
    import torch

    if torch.cuda.is_available():
        return f"needs {c.device.upper()}; this run used --device cpu"
    return f"needs {c.device.upper()}, which this machine does not have"


def verdict(c: Check, got: sandbox.Outcome, want: sandbox.Outcome | None) -> judge.Verdict:
    """The judge's verdict on the learner's outcome, or why there was nothing to judge.

    ``want`` is None for a check whose judge does not take it."""
    want = want or sandbox.Outcome(c.id)
    if got.error in ("missing", "refused"):
        return judge.failed(got.message)
    if got.error == "data":
        return judge.error(got.message)
    if want.error == "reference":
        return judge.error(want.message)
    if want.error:
        return judge.error(f"the reference solution failed this check ({want.message}); "
                           f"this is a course bug: run `coursekit validate`")
    if got.error == "not_implemented":
        return judge.failed(got.message)
    if got.error:
        lines = [got.message] + ([got.traceback.rstrip()] if got.traceback else [])
        return judge.Verdict(0.0, tuple(lines), status=judge.ERROR)
    try:
        v = c.decide(got.data, want.data)
    except Exception as e:  # learner data of an unexpected shape, e.g. a list where a dict was due
        return judge.failed(f"your result could not be judged ({type(e).__name__}: {e})")
    if not isinstance(v, judge.Verdict):
        return judge.error(f"the judge of {c.id} returned {type(v).__name__}, not a Verdict (a course bug)")
    return v


# --------------------------------------------------------------------------- reference cache

def references(course: Course, ex: Exercise, checks: list[Check], job: sandbox.Job,
               progress: Progress | None = None,
               computed: dict[str, sandbox.Outcome] | None = None) -> dict[str, sandbox.Outcome]:
    """The reference outcome of each check, from the cache or from one sandbox run on solutions/
    (``computed``: that run's outcomes, already made because solutions/ was what was graded)."""
    import torch

    if not course.solutions.is_dir():
        return {c.id: shipped_reference(course, c) for c in checks}
    folder = course.solutions / ex.dir
    base = "|".join([tree_hash(folder), torch.__version__, job.device, repr(job.env),
                     *(data.manifest(course.manifest)[n].sha256 for n in ex.datasets)])
    base += "|" + package_hash(course.checks)
    keys = {c.id: hashlib.sha256(f"{base}|{c.id}".encode()).hexdigest() for c in checks}
    store = data.cache_dir() / "references"
    found: dict[str, sandbox.Outcome] = {}
    for c in checks:
        path = store / f"{keys[c.id]}.pt"
        if path.is_file():
            try:
                found[c.id] = sandbox.Outcome(c.id, data=sandbox.load_plain(path.read_bytes()))
            except ValueError:
                path.unlink(missing_ok=True)     # unreadable: compute it again
    missing = [c.id for c in checks if c.id not in found]
    if missing:
        if computed is not None:
            outcomes = [computed[c] for c in missing]
        else:
            # The reference gets three times the learner's time: a busy machine must not fail it.
            ref_job = dataclasses.replace(job, folder=str(folder.resolve()), checks=tuple(missing),
                                          timeout=job.timeout * 3, role="reference")
            outcomes = sandbox.run(ref_job, progress.start(ex.id, "reference") if progress else None).outcomes
        for outcome in outcomes:
            found[outcome.check] = outcome
            if not outcome.error:
                write_atomic(store / f"{keys[outcome.check]}.pt", sandbox.dump_plain(outcome.data))
    return found


def shipped_reference(course: Course, c: Check) -> sandbox.Outcome:
    """A bundle's reference result (see grader/release.py): a course without solutions/ has only these."""
    path = course.root / "references" / f"{c.id}.pt"
    try:
        return sandbox.Outcome(c.id, data=sandbox.load_plain(path.read_bytes()))
    except (OSError, ValueError) as e:
        return sandbox.Outcome(c.id, error="reference", message=f"this bundle has no usable reference for {c.id} ({e})")
