"""GPT addition (lecture 7, exercise 2): the hidden checks.

Other problems, sizes and seeds for the data and the solver; for the training
exercises, held-out sets from seeds that never ship to learners. Importing this module
registers those seeds, so the (shared) training excludes them too.
"""
from __future__ import annotations

import random

import torch

from grader.check import check
from grader.checks.gpt_addition import (
    HELD_OUT_SEEDS, judge_batch, judge_calc_data, judge_exclusion, judge_parse, judge_problems, judge_random,
    judge_solvers, judge_training, probe_calc_data, probe_random, probe_solver, problem, trained,
)

SEEDS = {"add2": 918_273, "add3": 564_738, "calculator": 192_837}   # never shown to learners
for _name, _seed in SEEDS.items():
    if _seed not in HELD_OUT_SEEDS[_name]:
        HELD_OUT_SEEDS[_name].append(_seed)

_rng = random.Random(7_070_707)
PROBLEMS = [(_rng.randrange(10**n), _rng.randrange(10**n), n) for n in (1, 2, 3, 4, 5, 5, 2, 3)]
PROBLEMS += [(10**4 - 1, 1, 4), (0, 10**5 - 1, 5)]
ANSWERS = ["50", "0001", "00000", "99999", "10", "9", "1+", "5=", "-12", "3 4", "00009"]


# =========================================================================== gpt_addition.encoding

@check("gpt_addition.encoding", weight=2)
def problems_hidden(sub):
    return {"problems": [sub.format_problem(a, b, n) for a, b, n in PROBLEMS]}


@problems_hidden.judge
def _(got, want):
    return judge_problems(got["problems"], [(a, "+", b, n) for a, b, n in PROBLEMS])


@check("gpt_addition.encoding")
def answers_hidden(sub):
    return {"answers": [sub.parse_answer(s) for s in ANSWERS]}


@answers_hidden.judge
def _(got, want):
    return judge_parse(got["answers"], ANSWERS)


# =========================================================================== gpt_addition.batches

@check("gpt_addition.batches", weight=3)
def batch_hidden(sub):
    x, y = sub.get_batch(12, 2, torch.Generator().manual_seed(1101))
    return {"x": x, "y": y}


@batch_hidden.judge
def _(got, want):
    return judge_batch(got, 12, 2)


_excluded = random.Random(1102).sample(range(10**4), 6000)
EXCLUDE_2 = [problem(k // 100, "+", k % 100, 2)[:6] for k in _excluded]


@check("gpt_addition.batches")
def held_out_skipped_hidden(sub):
    g = torch.Generator().manual_seed(1103)
    return {"x": torch.cat([sub.get_batch(64, 2, g, frozenset(EXCLUDE_2))[0] for _ in range(10)])}


@held_out_skipped_hidden.judge
def _(got, want):
    return judge_exclusion(got, EXCLUDE_2, 2, 10**4)


@check("gpt_addition.batches")
def random_problems_hidden(sub):
    return probe_random(sub, 1104, 4)


@random_problems_hidden.judge
def _(got, want):
    return judge_random(got, 4)


# =========================================================================== gpt_addition.solver

SOLVER = [dict(seed=1201, ndigit=1, count=30, sizes=(16, 2, 1)), dict(seed=1202, ndigit=4, count=30, sizes=(40, 5, 2))]


@check("gpt_addition.solver", weight=2)
def greedy_answers_hidden(sub):
    return [probe_solver(sub, spec) for spec in SOLVER]


@greedy_answers_hidden.judge
def _(got, want):
    return judge_solvers(got, SOLVER)


# =========================================================================== training

@check("gpt_addition.add2", reference=False)
def two_digit_held_out(sub):
    return trained(sub, "add2")


@two_digit_held_out.judge
def _(got, want):
    return judge_training(got, "add2", SEEDS["add2"])


@check("gpt_addition.add3", reference=False)
def three_digit_held_out(sub):
    return trained(sub, "add3")


@three_digit_held_out.judge
def _(got, want):
    return judge_training(got, "add3", SEEDS["add3"])


# =========================================================================== gpt_addition.calculator

CALC_PROBLEMS = [(3, "-", 80, 2), (80, "-", 3, 2), (0, "+", 0, 2), (50, "-", 50, 2), (1, "-", 1000, 4),
                 (9999, "+", 1, 4), (4, "-", 5, 1)]


@check("gpt_addition.calculator")
def calc_data_hidden(sub):
    return probe_calc_data(sub, CALC_PROBLEMS, 1301, 3)


@calc_data_hidden.judge
def _(got, want):
    return judge_calc_data(got, CALC_PROBLEMS, 3)


@check("gpt_addition.calculator", weight=4, reference=False)
def calc_accuracy_held_out(sub):
    return trained(sub, "calculator")


@calc_accuracy_held_out.judge
def _(got, want):
    return judge_training(got, "calculator", SEEDS["calculator"])
