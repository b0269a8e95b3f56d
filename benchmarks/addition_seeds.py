"""Does the reference GPT addition pass from every seed, inside its budget? (issue 7)

The grader trains each tier from one fixed seed. This runs the reference
``train_model`` (solutions/lecture7) of a tier from seeds 0..N-1 the way the sandbox
does: one thread, the grader's held-out problems (public and hidden) excluded, every
batch watched. Each trained model is judged by the check's own judge, on every
held-out set, and the worst verdict counts. Prints, per seed, the training time and
the accuracy, then how many seeds passed within course.yaml's timeout.

    python benchmarks/addition_seeds.py add3                # seeds 0..9
    python benchmarks/addition_seeds.py add2 --seeds 3 --device cuda
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
    parser.add_argument("tier", choices=["add2", "add3", "calculator"])
    parser.add_argument("--seeds", type=int, default=10)
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args()

    from grader import course
    from grader.check import load_checks

    load_checks()                    # the hidden checks register their held-out seeds
    from grader.checks import gpt_addition as ck

    os.environ["COURSEKIT_DEVICE"] = args.device
    torch.set_num_threads(1)
    sys.path.insert(0, str(ROOT / "solutions" / "lecture7"))
    sub = importlib.import_module(ck.TIERS[args.tier].module)
    budget = course.load(ROOT).exercise(f"gpt_addition.{args.tier}").timeout

    passed = 0
    print(f"{args.tier}: reference from solutions/lecture7, one thread, {args.device}, budget {budget:g} s")
    for seed in range(args.seeds):
        started = time.perf_counter()
        got = ck.train(sub, args.tier, seed)
        seconds = time.perf_counter() - started
        verdicts = [ck.exact_match_of_the_trained_model(got, args.tier, s) for s in ck.HELD_OUT_SEEDS[args.tier]]
        worst = min(verdicts, key=lambda v: v.fraction)
        ok = worst.fraction == 1.0 and seconds < budget
        passed += ok
        print(f"  seed {seed}: {seconds:6.1f} s  {'pass' if ok else 'FAIL'}  "
              f"{worst.feedback[0] if worst.feedback else ''}", flush=True)
    print(f"{args.tier}: {passed} of {args.seeds} seeds pass within {budget:g} s")


if __name__ == "__main__":
    main()
