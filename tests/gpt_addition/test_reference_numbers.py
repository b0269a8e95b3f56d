"""GPT addition (lecture 7, exercise 2): the reference's numbers and what the checks rely on.

The lecture sets the exercise in words only (its README: "a+b=c", digits of c reversed,
random problems served on the fly, the prompt's targets -1 with ignore_index), so there
are no printed numbers to reproduce. Pinned here: the format, the shapes, the size of
the reference model (102,093 parameters), that the grader's own GPT computes exactly what
lecture 7's reference gpt.py (which the addition trains) computes, and the facts the checks
take for granted: the held-out sets, untrained models failing, the solver's models
answering wrong (so that computing a + b in Python earns nothing).

The reference's training is measured by ``coursekit grade lecture7.EX2 --solutions``,
benchmarks/addition_seeds.py (ten seeds) and test_wrong_solutions.py's slow cases; on
the 2-core dev machine, one thread:
add2 800 steps 15-21 s, add3 1500 steps 30-31 s, calculator 2000 steps ~35 s, reaching
100 %, 100 % and 99.6 % of the held-out problems.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from tests.conftest import solution_modules

ROOT = Path(__file__).resolve().parents[2]
SOLUTIONS = ROOT / "solutions" / "lecture7"
gpt, addition, train, calculator = vars(solution_modules("lecture7", "gpt", "addition", "train", "calculator")).values()


@pytest.fixture(scope="module")
def ck():
    from grader.check import load_checks
    load_checks()                      # the hidden module registers its held-out seeds
    from grader.checks import gpt_addition
    return gpt_addition


def test_vocabulary():
    assert addition.chars == "0123456789+-=" and addition.vocab_size == 13
    assert addition.encode("012+345=7530") == [0, 1, 2, 10, 3, 4, 5, 12, 7, 5, 3, 0]
    assert addition.decode([9, 10, 9, 12, 8, 1]) == "9+9=81"


@pytest.mark.parametrize("args, text", [
    ((12, 345, 3), "012+345=7530"), ((9, 9, 1), "9+9=81"), ((0, 0, 2), "00+00=000"),
    ((999, 999, 3), "999+999=8991"), ((5, 7, 2), "05+07=210"),
])
def test_format(args, text, ck):
    assert addition.format_problem(*args) == text
    a, b, n = args
    assert ck.problem(a, "+", b, n) == text
    assert addition.parse_answer(text[2 * n + 2:]) == a + b


@pytest.mark.parametrize("args, text", [
    ((12, "-", 45, 2), "12-45=-330"), ((45, "-", 12, 2), "45-12=+330"), ((99, "+", 99, 2), "99+99=+891"),
    ((7, "-", 7, 1), "7-7=+00"),
])
def test_calculator_format(args, text, ck):
    assert calculator.format_problem(*args) == text
    a, op, b, n = args
    assert ck.problem(a, op, b, n, signed=True) == text


def test_batch_shapes_and_mask():
    x, y = addition.get_batch(5, 3, torch.Generator().manual_seed(0))
    assert x.shape == y.shape == (5, 11) and x.dtype == y.dtype == torch.int64
    assert (y[:, :7] == -1).all() and (y[:, 7:] >= 0).all()
    assert torch.equal(x[:, 8:], y[:, 7:-1])
    x, y = calculator.get_batch(5, 2, torch.Generator().manual_seed(0))
    assert x.shape == (5, 9) and (y[:, :5] == -1).all() and (y[:, 5] >= 10).all()   # the sign, trained


def test_lecture_loss_rejects_masked_targets():
    """Why train_model computes the loss itself: the lecture's forward has no ignore_index."""
    with pytest.raises(IndexError, match="Target -1 is out of bounds"):
        F.cross_entropy(torch.randn(3, 13), torch.tensor([1, -1, 2]))
    logits = torch.randn(3, 13)
    masked = F.cross_entropy(logits, torch.tensor([1, -1, 2]), ignore_index=-1)
    assert torch.allclose(masked, F.cross_entropy(logits[[0, 2]], torch.tensor([1, 2])))


def test_reference_model_size():
    model = gpt.GPTLanguageModel(13, train.n_embd, train.n_head, train.n_layer, block_size=11)
    assert (train.n_embd, train.n_head, train.n_layer, train.batch_size) == (64, 4, 2, 64)
    assert sum(p.numel() for p in model.parameters()) == 102093
    assert train.max_iters[2] == 800 and train.max_iters[3] == 1500 and calculator.max_iters == 2000


@pytest.mark.parametrize("sizes", [(64, 4, 2, 11), (48, 3, 1, 9), (32, 8, 3, 14)])
def test_grader_gpt_computes_what_the_lecture_gpt_computes(sizes, ck):
    torch.manual_seed(sum(sizes))
    model = gpt.GPTLanguageModel(13, *sizes)
    rebuilt = ck.build(ck.state_of(model), sizes[-1])
    assert isinstance(rebuilt, ck.GPT), rebuilt
    idx = torch.randint(0, 13, (4, sizes[-1]))
    with torch.no_grad():
        assert torch.equal(model(idx)[0], rebuilt(idx)[0])
    if sizes[-1] >= 11:    # the reference solver and the grader's greedy decoding agree
        problems = [(12, 345), (999, 1), (0, 0), (500, 500)]
        prompts = [ck.problem(a, "+", b, 3)[:8] for a, b in problems]
        assert addition.solve(model, problems, 3) == [ck.expected_parse(s) for s in ck.greedy(rebuilt, prompts, 4)]


def test_held_out_sets(ck):
    for name, tier in ck.TIERS.items():
        seeds = ck.HELD_OUT_SEEDS[name]
        assert len(seeds) == 2, "one public and one hidden held-out set per tier"
        for seed in seeds:
            prompts = ck.held_out(tier, seed)
            assert len(prompts) == len(set(prompts)) == tier.size
            assert prompts == ck.held_out(tier, seed)          # deterministic
            assert all(len(p) == 2 * tier.ndigit + 2 for p in prompts)
            assert set(prompts) != set(ck.own_problems(tier, seed))
        if tier.signed:
            ops = [p[tier.ndigit] for p in ck.held_out(tier, seeds[0])]
            assert 0.4 < ops.count("-") / len(ops) < 0.6


def test_exclude_is_honoured_and_watched(ck):
    """The probe's recorder sees every batch: with exclude passed on, no held-out problem; without, many."""
    tier = ck.TIERS["add2"]
    held = [ck.held_out(tier, s) for s in ck.HELD_OUT_SEEDS["add2"]]
    exclude = frozenset(p for ps in held for p in ps)
    for passed_on, leaks in ((True, 0), (False, 1)):
        recorder = ck.Recorder(6, held)
        undo = ck.patch_get_batch(addition, recorder)
        try:
            g = torch.Generator().manual_seed(5)
            for _ in range(50):
                addition.get_batch(64, 2, g, exclude) if passed_on else addition.get_batch(64, 2, g)
        finally:
            undo()
        assert recorder.calls == 50 and recorder.rows == 3200 and recorder.unreadable == 0
        if leaks:
            assert all(count > 100 for count, _ in recorder.leaks.values()), recorder.leaks
        else:
            assert all(count == 0 for count, _ in recorder.leaks.values()), recorder.leaks


def test_untrained_models_fail(ck):
    """The integrity rule: a model nobody trained is far below the 50 % floor."""
    for name, tier in ck.TIERS.items():
        model = ck.initialise(ck.GPT(vocab_size=13, n_embd=64, n_head=4, n_layer=2, block_size=tier.T), 1)
        prompts = ck.held_out(tier, ck.HELD_OUT_SEEDS[name][0])
        said = ck.greedy(model.eval(), prompts, ck.answer_length(tier.ndigit, tier.signed))
        for msb in (False, True):
            assert ck.accuracy(said, prompts, tier, msb)[0] < 0.05


def test_solver_models_answer_wrong(ck):
    """Untrained models: varied answers, a few non-digits, almost never the true sum."""
    import grader.checks.hidden.gpt_addition.solver as hidden
    for spec in ck.SOLVER + hidden.SOLVER:
        answers = ck.model_answers(spec)
        problems = ck.solver_problems(spec["seed"], spec["ndigit"], spec["count"])
        assert sum(a == x + y for a, (x, y) in zip(answers, problems)) <= 1
        assert len(set(answers)) >= spec["count"] // 4
        # they come in training mode, where dropout changes most answers: a solve without eval() parts from them
        assert ck.solver_model(spec["seed"], spec["ndigit"], *spec["sizes"]).training
        assert sum(a != t for a, t in zip(answers, ck.model_answers(spec, training=True))) > spec["count"] // 2
    assert any(a is None for spec in ck.SOLVER for a in ck.model_answers(spec))


def test_graded_as_lecture7_ex2(course):
    """`coursekit grade lecture7.EX2` is the addition; `grade lecture7` leaves its minutes of training out."""
    addition_ids = [e.id for e in course.resolve(["lecture7.EX2"])]
    assert addition_ids == [f"gpt_addition.{n}" for n in ("encoding", "batches", "solver", "add2", "add3", "calculator")]
    assert not set(addition_ids) & {e.id for e in course.resolve(["lecture7"])}
    assert [e.id for e in course.resolve(["lecture7.EX2.add3", "addition.add2"])] == addition_ids[3:5]
    assert {e.dir for e in course.resolve(["lecture7.EX2"])} == {"lecture7"}   # beside the learner's gpt.py


def test_training_runs_on_the_grading_device(ck, monkeypatch):
    """The sandbox passes --device on in $COURSEKIT_DEVICE; the probe hands it to train_model."""
    seen = {}

    class Learner:      # a learner's module whose train_model only says where it was asked to train
        __file__ = str(SOLUTIONS / "train.py")

        @staticmethod
        def train_model(ndigit, g, exclude=frozenset(), device="cpu"):
            seen["device"] = device
            return ck.GPT(vocab_size=13, n_embd=8, n_head=2, n_layer=1, block_size=8)

    monkeypatch.setenv("COURSEKIT_DEVICE", "cuda")
    got = ck.train(Learner, "add2", 0)
    assert seen["device"] == "cuda" and got["calls"] == 0 and "lm_head.weight" in got["state"]
