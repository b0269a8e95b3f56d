"""How does grading a class scale? 50 lecture-2 submissions against one graded alone.

Generates 50 learners from the reference of lecture 2: right ones, wrong ones (a classic
mistake each), ones that crash (a segfault in a function) and ones that hang (an endless
loop in a function). Then times, each as the command an instructor would type:

- one right submission graded alone: `coursekit grade lecture2 --submission …`, first with a
  fresh reference cache (as a first grading computes the references), then with it filled;
- the class: `coursekit batch … --jobs 2`, from a fresh cache (it computes the references
  once for everyone: that, and one start of torch, is what a batch saves).

Prints the batch time divided by the single time, both from a fresh cache (goal, issue 10:
<= 20), and divided by the cached single time (stricter). The hanging learners use
`--timeout 5`, so each of their endless loops costs 5 s.

    COURSEKIT_DATA=../shared/datasets python benchmarks/batch.py
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TIMEOUT = "5"

WRONG = [  # (file, old, new): classic mistakes of lecture 2
    ("bigram.py", "P /= P.sum(1, keepdim=True)", "P /= P.sum(1)"),
    ("split.py", "    random.seed(42)", "    random.seed(0)"),
    ("cross_entropy.py", "return F.cross_entropy(logits, ys)", "return manual_loss(logits, ys)"),
]
CRASH = ("bigram.py", "def nll(P, words, stoi):\n", "def nll(P, words, stoi):\n    __import__('ctypes').string_at(0)\n")
HANG = ("bigram.py", "def nll(P, words, stoi):\n", "def nll(P, words, stoi):\n    while True:\n        pass\n")

def learner(root: Path, name: str, edit: tuple[str, str, str] | None) -> None:
    folder = root / name / "lecture2"
    shutil.copytree(ROOT / "solutions" / "lecture2", folder, ignore=shutil.ignore_patterns("__pycache__"))
    if edit:
        file, old, new = edit
        text = (folder / file).read_text()
        assert old in text, f"{file}: {old!r} not found; update the benchmark's mutations"
        (folder / file).write_text(text.replace(old, new, 1))


def make_class(root: Path) -> None:
    kinds = [None] * 20 + WRONG * 6 + [CRASH] * 6 + [HANG] * 6       # 20 + 18 + 6 + 6 = 50
    for i, edit in enumerate(kinds):
        learner(root, f"learner{i:02d}", edit)


def timed(*args: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "grader", *args], check=True, cwd=ROOT,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def fresh_cache() -> None:
    os.environ["COURSEKIT_CACHE"] = tempfile.mkdtemp(prefix="coursekit-bench-")


def main() -> None:
    os.environ.setdefault("COURSEKIT_DATA", str(ROOT.parent / "shared" / "datasets"))
    work = Path(tempfile.mkdtemp(prefix="coursekit-class-"))
    make_class(work / "class")
    single = ["grade", "lecture2", "--submission", str(work / "class" / "learner00"), "--timeout", TIMEOUT]
    fresh_cache()
    alone_cold = timed(*single)                                   # computes the references too
    alone_warm = min(timed(*single) for _ in range(3))
    fresh_cache()
    batch = timed("batch", str(work / "class"), "lecture2", "--out", str(work / "grades.csv"),
                  "--jobs", "2", "--timeout", TIMEOUT)            # computes them once, for everyone
    print(f"one submission alone, fresh cache    {alone_cold:7.2f} s")
    print(f"one submission alone, references cached {alone_warm:5.2f} s")
    print(f"50 submissions, --jobs 2, fresh cache {batch:7.2f} s  ({os.cpu_count()} CPUs; "
          f"20 right, 18 wrong, 6 crash, 6 hang)")
    print(f"ratio batch / alone (both fresh)      {batch / alone_cold:7.2f}   (goal <= 20)")
    print(f"ratio batch / alone (alone cached)    {batch / alone_warm:7.2f}")
    print(f"gradebook: {work / 'grades.csv'}")

if __name__ == "__main__":
    main()
