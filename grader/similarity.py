"""Which learners' code is too alike: pairs ranked by copydetect, the stubs as boilerplate.

Each learner's copy of each target file (as `batch` finds learners and `grade` opens what they
handed in: grader/batch.py, grader/submission.py) is compared with the same file of every other
learner by copydetect's winnowing fingerprints. Its tokenizer turns every name into V/F/O and
every string into S and drops comments and blank space, so renaming variables or rewording
comments changes nothing; the course's stub of each file is boilerplate, so the imports,
signatures and docstrings everyone starts from count for no one.

A pair's similarity is that of its most alike file: the larger of the two shares (the part of
one learner's file found in the other's, of the code each wrote beyond the stub).
"""
from __future__ import annotations

import csv
import io
import shutil
import tempfile
import warnings
from dataclasses import dataclass
from pathlib import Path

from grader import batch, engine, submission
from grader.course import Course, Exercise
from grader.errors import UsageError

# copydetect counts in characters of the normalised code, where `N[ix1, ix2] += 1` is
# `V[V,V]+=1` (9 characters): a shared stretch shorter than NOISE (about two lines) is taken
# as chance; every one at least GUARANTEE long is found. The files are short, so every
# k-gram is kept (GUARANTEE == NOISE: a winnowing window of one), which costs nothing here.
NOISE = 25
GUARANTEE = 25
DISPLAY = 0.33          # the HTML report shows side by side the pairs with a share above this

CSV_COLUMNS = ("rank", "learner_a", "learner_b", "similarity", "file", "overlap_tokens",
               "similarity_a", "similarity_b")


@dataclass(frozen=True)
class Pair:
    learner_a: str
    learner_b: str
    similarity: float       # max(similarity_a, similarity_b) in the most alike file
    file: str               # that file, e.g. lecture2/trigram.py
    overlap_tokens: int     # normalised characters the two have in common there
    similarity_a: float     # the share of a's code (beyond the stub) found in b's
    similarity_b: float


@dataclass
class Result:
    pairs: list[Pair]             # most alike first
    html: str                     # copydetect's report, paths relative to the class
    learners: int                 # learners with at least one target file
    files: list[str]              # the target files some learner has
    skipped: list[str]            # learners left out, and why


def target_files(course: Course, exercises: list[Exercise]) -> dict[str, Exercise]:
    """The distinct files of ``exercises`` (several exercises may share one), by path: lecture2/trigram.py."""
    found: dict[str, Exercise] = {}
    for ex in exercises:
        found.setdefault(f"{ex.dir}/{ex.module}", ex)
    return found


def compare(course: Course, exercises: list[Exercise], submissions: Path, noise: int = NOISE,
            guarantee: int = GUARANTEE, display: float = DISPLAY) -> Result:
    """Every pair of learners in ``submissions`` compared on the files of ``exercises``."""
    if guarantee < noise:
        raise UsageError(f"--guarantee {guarantee} is below --noise {noise}; it must be at least as large")
    files = target_files(course, exercises)
    with tempfile.TemporaryDirectory(prefix="coursekit-similarity-") as tmp:
        stage = Path(tmp)
        staged, skipped = _stage(course, exercises, files, batch.learners(submissions), stage)
        people = sorted({who for who, _ in staged})
        if len(people) < 2:
            which = " or ".join(files) if len(files) <= 2 else f"any of the {len(files)} target files"
            raise UsageError(f"{submissions}: {len(people)} learner{'s' if len(people) != 1 else ''} with "
                             f"{which}; comparing needs at least two")
        detector = _detector(course, files, staged, stage, noise, guarantee, display)
        detector.run()
        names = [staged_of(Path(f), stage) for f in detector.test_files]
        pairs = _ranked(detector, names)
        with warnings.catch_warnings():      # copydetect 0.5 reads its template with a deprecated call
            warnings.simplefilter("ignore", DeprecationWarning)
            html = detector.generate_html_report(output_mode="return")
        html = html.replace(f"{stage}/", "")
    return Result(pairs=pairs, html=html, learners=len(people), files=sorted({rel for _, rel in staged}),
                  skipped=skipped)


def staged_of(path: Path, stage: Path) -> tuple[str, str]:
    """(learner, file) of a staged copy: <stage>/<learner>/<lecture>/<module>."""
    rel = path.relative_to(stage)
    return rel.parts[0], "/".join(rel.parts[1:])


def _stage(course: Course, exercises: list[Exercise], files: dict[str, Exercise], people: list[batch.Learner],
           stage: Path) -> tuple[list[tuple[str, str]], list[str]]:
    """Copy each learner's target files to <stage>/<learner>/<file>; returns (learner, file) copied and
    the learners left out, with why. A learner without one of the files is only left out of that file."""
    staged, skipped = [], []
    for learner in people:
        if learner.problem:
            skipped.append(f"{learner.name}: {learner.problem.removeprefix(batch.UNRECOGNISED + ': ')}")
            continue
        work = list(learner.work) if isinstance(learner.work, tuple) else learner.work
        try:
            with submission.opened(course, work, exercises, strict=False) as sub:
                for rel, ex in files.items():
                    source = engine.lecture_folder(sub.folder, ex) / ex.module
                    if not source.is_file():
                        continue
                    try:
                        source.read_bytes().decode("utf-8")
                    except UnicodeDecodeError:
                        skipped.append(f"{learner.name}: {rel} is not UTF-8 text")
                        continue
                    target = stage / learner.name / rel
                    target.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(source, target)
                    staged.append((learner.name, rel))
        except UsageError as e:              # a bad zip, an unreadable notebook: this learner only
            skipped.append(f"{learner.name}: {e}")
    return staged, skipped


def _detector(course: Course, files: dict[str, Exercise], staged: list[tuple[str, str]], stage: Path,
              noise: int, guarantee: int, display: float):
    import matplotlib

    matplotlib.use("Agg")                    # the report's plots are drawn off screen
    from copydetect import CopyDetector

    detector = CopyDetector(noise_t=noise, guarantee_t=guarantee, display_t=display, same_name_only=True,
                            force_language="python", autoopen=False, silent=True)
    for who, rel in staged:
        detector.add_file(str(stage / who / rel))
    for ex in files.values():
        stub = course.exercises_dir / ex.dir / ex.module
        if stub.is_file():
            detector.add_file(str(stub), type="boilerplate")
    return detector


def _ranked(detector, names: list[tuple[str, str]]) -> list[Pair]:
    """One pair per two learners, by their most alike file; most alike first.

    copydetect's same-name rule compares lecture1/train.py with lecture7/train.py too: those
    comparisons are struck from its matrices (-1, its "not compared"), so the report skips them."""
    sims, overlaps = detector.similarity_matrix, detector.token_overlap_matrix
    best: dict[tuple[str, str], Pair] = {}
    for i, (a, file_a) in enumerate(names):
        for j, (b, file_b) in enumerate(names):
            if file_a != file_b:
                sims[i, j] = -1
                overlaps[i, j] = -1
                continue
            if a >= b:
                continue
            sim_a, sim_b = (float(x) for x in sims[i, j])
            if sim_a < 0:
                continue
            pair = Pair(a, b, round(max(sim_a, sim_b), 4), file_a, int(overlaps[i, j]),
                        round(sim_a, 4), round(sim_b, 4))
            old = best.get((a, b))
            if old is None or (pair.similarity, pair.overlap_tokens) > (old.similarity, old.overlap_tokens):
                best[(a, b)] = pair
    return sorted(best.values(), key=lambda p: (-p.similarity, -p.overlap_tokens, p.learner_a, p.learner_b))


def to_csv(pairs: list[Pair]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for rank, p in enumerate(pairs, 1):
        writer.writerow([rank, p.learner_a, p.learner_b, f"{p.similarity:.4f}", p.file, p.overlap_tokens,
                         f"{p.similarity_a:.4f}", f"{p.similarity_b:.4f}"])
    return out.getvalue()
