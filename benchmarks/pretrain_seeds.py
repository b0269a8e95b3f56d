"""Does lecture 7's EX3 reference pass from every seed, inside its budget? (issue 20)

Runs the reference ``pretrain_and_finetune`` (solutions/lecture7/pretrain.py) the way the
sandbox does, one thread, with the grader's CourseGPT standing in, on the public check's
slice (and, with --hidden, the hidden check's), from seeds 0..N-1; judges each run with the
check's own judge (the scratch baseline is the grader's, computed once per slice). Prints,
per seed, the training time and the verdict's line, then how many seeds passed within
course.yaml's timeout. Run by hand (minutes), not in CI.

    python benchmarks/pretrain_seeds.py              # seeds 0..9, the public slice
    python benchmarks/pretrain_seeds.py --seeds 3 --hidden
"""
from __future__ import annotations

import argparse
import importlib
import os
import sys
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--hidden", action="store_true", help="the hidden check's slice instead of the public one")
    args = parser.parse_args()

    from grader import course, data
    from grader.checks.hidden.lecture7.EX3 import HIDDEN_SLICE
    from grader.checks.lecture7 import EX3

    os.environ.setdefault("COURSEKIT_DATA", str(ROOT.parent / "shared" / "datasets"))
    sets = data.manifest(ROOT / "datasets" / "manifest.yaml")
    for name in ("kjv", "tinyshakespeare"):
        data._located[name] = str(data.locate(sets[name]))
    torch.set_num_threads(1)
    sys.path.insert(0, str(ROOT / "solutions" / "lecture7"))
    sub = importlib.import_module("pretrain")
    budget = course.load(ROOT).exercise("lecture7.EX3").timeout
    slice_seed = HIDDEN_SLICE if args.hidden else 0

    started = time.perf_counter()
    scratch = EX3.scratch_baseline(slice_seed)
    print(f"EX3: reference from solutions/lecture7, one thread, slice {slice_seed}, budget {budget:g} s; "
          f"the grader's scratch baseline {scratch:.3f} in {time.perf_counter() - started:.1f} s "
          f"(load average {os.getloadavg()[0]:.1f})")
    passed = 0
    for seed in range(args.seeds):
        started = time.perf_counter()
        got = EX3.pretrain_probe(sub, **EX3.training_texts(slice_seed), seed=seed)
        seconds = time.perf_counter() - started
        verdict = EX3.judge_pretraining(got, slice_seed)
        ok = verdict.fraction == 1.0 and seconds < budget
        passed += ok
        print(f"  seed {seed}: {seconds:6.1f} s  {'pass' if ok else 'FAIL'}  {verdict.feedback[0]}  "
              f"(load {os.getloadavg()[0]:.1f})", flush=True)
    print(f"EX3: {passed} of {args.seeds} seeds pass within {budget:g} s")


if __name__ == "__main__":
    main()
