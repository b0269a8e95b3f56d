"""How much does the sandbox cost? `coursekit grade LECTURE --solutions` against bare probes.

Both sides run in this process, one after the other, on the reference solutions:
- baseline: import each exercise's module and run its probes and judges directly, no
  isolation, no cache, one exercise after another, on one thread as the sandbox does,
  sharing the checks' memoised helpers across exercises as one process would (but not
  across repetitions);
- graded: the engine as `coursekit grade LECTURE --solutions` runs it (a fork of the
  zygote per exercise, results through the pipe, judges here), with the reference
  cache warm (the usual case: a class is graded against references computed once) and
  cold (the first run after a solution changes), with --jobs 1 and with the default.

Prints each time and its ratio to the baseline. Goal (issue 3): warm, --jobs 1, <= 1.3x.

    COURSEKIT_DATA=../shared/datasets python benchmarks/grade_overhead.py lecture2
"""
from __future__ import annotations

import importlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def baseline(course, exercises) -> float:
    """The same probes and judges in this process, unisolated."""
    import torch

    from grader import data, sandbox, source
    from grader.check import checks_for

    torch.set_num_threads(1)             # as in the sandbox: compare like with like
    forget_cached_helpers()              # each repetition starts as cold as a fresh process
    started = time.perf_counter()
    for ex in exercises:
        data._located.update({n: str(data.locate(data.manifest(course.manifest)[n])) for n in ex.datasets})
        folder = str(course.solutions / ex.dir)
        sys.path.insert(0, folder)
        try:
            sys.modules.pop(ex.module.removesuffix(".py"), None)
            sub = importlib.import_module(ex.module.removesuffix(".py"))
            for c in checks_for(ex.id, course.checks):
                sandbox.seed(c.seed)
                if c.source:                 # read and parsed in the grader, as the engine does
                    got = c.run(source.read(Path(folder) / ex.module))
                else:
                    got = sandbox.to_plain(c.run(sub, **(c.given() if c.given else {})))
                c.decide(got, got)
        finally:
            sys.path.remove(folder)
    return time.perf_counter() - started


def forget_cached_helpers() -> None:
    """Clear the checks' memoised helpers (names, counts): a fresh process has none of them."""
    for name, module in list(sys.modules.items()):
        if name.startswith("grader."):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def graded(course, exercises, jobs: int) -> float:
    from grader import engine

    started = time.perf_counter()
    report = engine.grade(course, exercises, engine.Options(submission=course.solutions, jobs=jobs))
    elapsed = time.perf_counter() - started
    assert report.percent == 100.0, f"the reference scored {report.percent:.1f}%"
    return elapsed


def main() -> None:
    target = sys.argv[1] if len(sys.argv) > 1 else "lecture2"
    os.environ.setdefault("COURSEKIT_DATA", str(ROOT.parent / "shared" / "datasets"))
    os.environ["COURSEKIT_CACHE"] = tempfile.mkdtemp(prefix="coursekit-bench-")
    from grader import course as courses, sandbox

    course = courses.load(ROOT)
    sandbox.start(course.checks, str(course.root))
    exercises = course.resolve([target])
    jobs = min(4, os.cpu_count() or 1)
    graded(course, exercises, jobs)                  # warm the zygote, the page cache and the references
    base = min(baseline(course, exercises) for _ in range(3))
    print(f"{target}: {len(exercises)} exercises, {os.cpu_count()} CPUs")
    print(f"  baseline, in process, no isolation  {base:6.2f} s  1.00x")
    for label, seconds in [
        ("graded, warm cache, --jobs 1", min(graded(course, exercises, 1) for _ in range(3))),
        (f"graded, warm cache, --jobs {jobs}", min(graded(course, exercises, jobs) for _ in range(3))),
    ]:
        print(f"  {label:<35} {seconds:6.2f} s  {seconds / base:.2f}x")
    os.environ["COURSEKIT_CACHE"] = tempfile.mkdtemp(prefix="coursekit-bench-cold-")
    cold = graded(course, exercises, 1)
    print(f"  {'graded, cold cache, --jobs 1':<35} {cold:6.2f} s  {cold / base:.2f}x  (references computed too)")


if __name__ == "__main__":
    main()
