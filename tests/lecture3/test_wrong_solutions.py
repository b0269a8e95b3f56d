"""Classic lecture 3 mistakes, made in a copy of the reference: each must lose points.

Every case edits one exact piece of the reference, grades the result through the real
sandbox, and asserts the failing check and the feedback a learner reads. The training
exercises (E01, E03) train for real, in the reference run and in the mutant's, so those
cases are marked slow; their judges are also tested directly, fast, at the bottom.
"""
from __future__ import annotations

import pytest

from tests.lecture3 import edited, feedback_is

TRAIN_LOOP_RESET = "        for p in parameters:\n            p.grad = None\n"

# (target, file, old, new, failing public check, words in its feedback, failing hidden check, count)
MISTAKES = {
    "context rolled the wrong way": (
        "lecture3.mlp", "mlp.py", "            context = context[1:] + [ix]\n", "            context = [ix] + context[:-1]\n",
        "build", "X: ", "build_case1", 1),
    "no example predicting the end '.'": (
        "lecture3.mlp", "mlp.py", "for ch in w + '.':", "for ch in w:",
        "build", "every word gives len(word) + 1 examples", "build_case1", 1),
    "init_params scaled": (
        "lecture3.mlp", "mlp.py", "W2 = torch.randn((n_hidden, vocab_size), generator=g)",
        "W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.01",
        "params", "unscaled", "params_case1", 1),
    "parameters drawn in another order": (
        "lecture3.mlp", "mlp.py",
        "    W1 = torch.randn((block_size * n_embd, n_hidden), generator=g)\n    b1 = torch.randn(n_hidden, generator=g)",
        "    b1 = torch.randn(n_hidden, generator=g)\n    W1 = torch.randn((block_size * n_embd, n_hidden), generator=g)",
        "params", "draw C, W1, b1, W2, b2 in that order", "params_case1", 1),
    "forward hard-codes the lecture's 30 inputs": (
        "lecture3.mlp", "mlp.py", "emb.view(emb.shape[0], -1)", "emb.view(-1, 30)",
        "forward", "invalid for input of size", "forward_case1", 1),
    "forward forgets tanh": (
        "lecture3.mlp", "mlp.py", "h = torch.tanh(emb.view(emb.shape[0], -1) @ W1 + b1)",
        "h = emb.view(emb.shape[0], -1) @ W1 + b1",
        "forward", "logits (block_size 3, n_embd 10, n_hidden 200)", "forward_case1", 1),
    "learning rates linear in the exponent": (
        "lecture3.training", "training.py", "    lrs = 10**lre\n", "    lrs = lre\n",
        "lr_finder", "lrs: 100 of 100 values differ", "lr_finder_case1", 1),
    "gradients never reset": (
        "lecture3.training", "training.py", TRAIN_LOOP_RESET, "",
        "minibatch", "resets every p.grad to None before backward()", "minibatch_case1", 2),
    "one minibatch for all steps": (
        "lecture3.training", "training.py",
        "    for _ in range(steps):\n        ix = torch.randint(0, X.shape[0], (batch_size,), generator=g)\n",
        "    ix = torch.randint(0, X.shape[0], (batch_size,), generator=g)\n    for _ in range(steps):\n",
        "minibatch", "the loss of step 1 is", "minibatch_case1", 1),
    "the lecture's learning rate written out": (
        "lecture3.training", "training.py", "p.data += -lr * p.grad", "p.data += -0.1 * p.grad",
        "minibatch", "the loss of step 1 is", "minibatch_case1", 2),
    "the lecture's 20 names written out": (
        "lecture3.training", "training.py", "    for _ in range(n):\n", "    for _ in range(20):\n",
        "sampling", "sample(n=15) returned 20 names", "sampling_case1", 1),
    "sampling from the global RNG": (
        "lecture3.training", "training.py", "ix = torch.multinomial(probs, num_samples=1, generator=g).item()\n",
        "ix = torch.multinomial(probs, num_samples=1).item()\n",
        "sampling", "not what this generator gives", "sampling_case1", 1),
    "sampled names lose their '.'": (
        "lecture3.training", "training.py",
        "            name.append(itos[ix])\n            if ix == 0:\n                break",
        "            if ix == 0:\n                break\n            name.append(itos[ix])",
        "sampling", "doesn't end with '.'", "sampling_case1", 1),
    "uniform loss with the wrong sign": (
        "lecture3.E02", "uniform_init.py", "return -math.log(1 / vocab_size)", "return math.log(1 / vocab_size)",
        "uniform", "uniform_loss(27): got -3.29584, expected 3.29584", "uniform_case1", 1),
    "the lecture's unscaled output layer": (
        "lecture3.E02", "uniform_init.py",
        "W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.01",
        "W2 = torch.randn((n_hidden, vocab_size), generator=g)",
        "near_uniform", "scale W2 down and start b2 at 0", "near_uniform_case1", 1),
    "everything zero": (
        "lecture3.E02", "uniform_init.py", "    parameters = [C, W1, b1, W2, b2]\n",
        "    parameters = [torch.zeros_like(t) for t in (C, W1, b1, W2, b2)]\n",
        "near_uniform", "C and W1 should stay random", "near_uniform_case1", 1),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_loses_points(grade_mutant, mistake):
    target, file, old, new, check, words, hidden, count = MISTAKES[mistake]
    r = grade_mutant(target, file, old, new, count=count)
    assert r.points < r.max_points
    failing = r.check(check)
    assert failing.status in ("failed", "error") and failing.points < failing.max_points, failing
    assert any(words in line for line in failing.feedback), failing.feedback
    if hidden:
        assert r.check(hidden).status in ("failed", "error"), r.check(hidden)


# --------------------------------------------------------------------------- training exercises (slow)

@pytest.mark.slow
def test_e01_untrained_parameters_earn_nothing(grade_mutant):
    """train_model that returns its input untouched: the initial parameters fail the threshold."""
    r = grade_mutant("lecture3.E01", "tuning.py", "    X, Y = build_dataset(words, block_size)\n",
                     "    return parameters\n    X, Y = build_dataset(words, block_size)\n")
    for name in ("dev_loss", "dev_loss_held_out"):
        c = r.check(name)
        assert c.status == "failed" and c.points == 0, c
        assert "full points need below 2.2" in c.feedback[0], c.feedback
    assert r.check("integrity").status == "passed"


@pytest.mark.slow
def test_e01_pretrained_init_is_not_training(grade_mutant, words):
    """init_model that returns weights trained beforehand, written into the file as literals: good
    parameters before train_model runs. (Reading the names to train on at init is not possible: the
    child holds none, and the source rule refuses reaching for grader.data.)"""
    from grader.checks.common import generator, split
    from tests.conftest import solution_modules
    tuning = solution_modules("lecture3", "tuning").tuning
    g = generator(0)
    trained = tuning.train_model(tuning.init_model(g), split(words, 42)[0], g)
    literal = ", ".join(f"torch.tensor({p.detach().tolist()!r})" for p in trained)
    r = grade_mutant("lecture3.E01", "tuning.py", "    parameters = [C, W1, b1, W2, b2]\n"
                     "    for p in parameters:\n        p.requires_grad = True\n    return parameters\n",
                     f"    parameters = [{literal}]\n"
                     "    for p in parameters:\n        p.requires_grad = True\n    return parameters\n")
    c = r.check("dev_loss")
    assert c.status == "failed" and c.points == 0, c
    assert "already reach a dev loss of 2.1" in c.feedback[0], c.feedback
    integrity = r.check("integrity")
    assert integrity.status == "failed" and "without any training" in integrity.feedback[0]
    assert r.points == 0


@pytest.mark.slow
def test_e01_short_training_gets_partial_credit(grade_mutant):
    r = grade_mutant("lecture3.E01", "tuning.py", "steps, batch_size = 20000, 64", "steps, batch_size = 300, 64")
    c = r.check("dev_loss")
    assert 0 < c.points < c.max_points, c
    assert "the dev loss of your trained model is 2.4" in c.feedback[0], c.feedback


@pytest.mark.slow
def test_e03_direct_connections_must_be_used(grade_mutant):
    """Wd in the forward pass but left out of the update: it stays zero, and zeroing it changes nothing."""
    r = grade_mutant("lecture3.E03", "direct.py", "        for p in parameters:\n            p.data += -lr * p.grad",
                     "        for p in parameters[:5]:\n            p.data += -lr * p.grad")
    c = r.check("direct_dev_loss")
    assert c.status == "failed" and c.points == 0, c
    assert "the direct connections must carry part of the prediction" in c.feedback[0], c.feedback
    assert r.check("direct_dev_loss_held_out").status == "failed"


# --------------------------------------------------------------------------- the judges, fast

@pytest.fixture
def dev_words():
    from grader import data
    from grader.checks.common import split_names
    from tests.conftest import ROOT
    ds = data.manifest(ROOT / "datasets" / "manifest.yaml")["names"]
    data._located["names"] = str(data.locate(ds, download=False))
    return split_names(42)[1]


def test_untrained_parameters_fail_the_threshold(dev_words):
    """The integrity rule behind every training check: parameters nobody trained score nothing."""
    import torch
    from grader.checks import lecture3
    from grader.checks.common import generator
    lecture = [torch.randn(s, generator=generator())
               for s in ((27, 10), (30, 200), (200,), (200, 27), (27,))]
    careful = lecture3.make_params(0, 3, 10, 200)
    for params in (lecture, careful):
        params = [p.detach() for p in params]
        v = lecture3.judge_trained({"initial": params, "trained": params}, dev_words, 2.2, 2.5)
        assert v.fraction == 0 and "full points need below 2.2" in v.feedback[0], v
        assert lecture3.judge_integrity({"inits": [params]}, dev_words, 2.2).fraction == 1


def test_unusable_parameters_are_explained(dev_words):
    import torch
    from grader.checks import lecture3
    good = [p.detach() for p in lecture3.make_params(0, 3, 10, 200)]
    v = lecture3.judge_trained({"initial": good, "trained": good[:4]}, dev_words, 2.2, 2.5)
    assert v.fraction == 0 and "train_model returned parameters the grader cannot use" in v.feedback[0]
    bad_w1 = good[:1] + [torch.zeros(31, 200)] + good[2:]
    v = lecture3.judge_trained({"initial": good, "trained": bad_w1}, dev_words, 2.2, 2.5)
    assert "W1 should be (block_size * n_embd, n_hidden)" in v.feedback[0]
    nan = good[:3] + [good[3] * float("nan")] + good[4:]
    v = lecture3.judge_trained({"initial": good, "trained": nan}, dev_words, 2.2, 2.5)
    assert "NaN" in v.feedback[0]
    v = lecture3.judge_trained({"initial": good, "trained": good}, dev_words, 2.2, 2.5, direct=True)
    assert "[C, W1, b1, W2, b2, Wd]" in v.feedback[0]


def test_reference_scores_full_marks_and_stubs_nothing(course):
    """The fast exercises only; E01/E03 train, so their full marks are in the slow test below."""
    from tests.conftest import grade
    targets = ["lecture3.mlp", "lecture3.training", "lecture3.E02"]
    report = grade(course, targets, course.solutions)
    assert all(c.status == "passed" for e in report.exercises for c in e.checks), [
        (c.id, c.feedback) for e in report.exercises for c in e.checks if c.status != "passed"]
    stubs = grade(course, targets, course.exercises_dir)
    assert stubs.points == 0
    assert all(any("not implemented yet" in line for line in c.feedback) for e in stubs.exercises for c in e.checks)


@pytest.mark.slow
def test_training_exercises_full_marks_and_stubs_nothing(course):
    from tests.conftest import grade
    report = grade(course, ["lecture3.E01", "lecture3.E03"], course.solutions)
    assert report.points == pytest.approx(report.max_points, abs=1e-3) and report.max_points == pytest.approx(12, abs=1e-3)
    stubs = grade(course, ["lecture3.E01", "lecture3.E03"], course.exercises_dir)
    assert stubs.points == 0
    assert all(any("not implemented yet" in line for line in c.feedback) for e in stubs.exercises for c in e.checks)


# --------------------------------------------------------------------------- the lecture's notebook code

NOTEBOOK_MLP = {       # the sizes the notebook writes out, in place of the arguments
    "context = [0] * block_size": "context = [0] * 3",
    ".view(-1, block_size)": ".view(-1, 3)",
    "C = torch.randn((vocab_size, n_embd), generator=g)": "C = torch.randn((27, 10), generator=g)",
    "W1 = torch.randn((block_size * n_embd, n_hidden), generator=g)": "W1 = torch.randn((30, 200), generator=g)",
    "b1 = torch.randn(n_hidden, generator=g)": "b1 = torch.randn(200, generator=g)",
    "W2 = torch.randn((n_hidden, vocab_size), generator=g)": "W2 = torch.randn((200, 27), generator=g)",
    "b2 = torch.randn(vocab_size, generator=g)": "b2 = torch.randn(27, generator=g)",
    "emb.view(emb.shape[0], -1)": "emb.view(-1, 30)",
}


def test_the_notebooks_sizes_fail_public_checks(grade_mutant):
    """Karpathy's notebook code (27, 3, 10, 200 and view(-1, 30) written out) passes at the lecture's
    sizes; the public checks use others too, and their feedback says what to generalise."""
    edit = edited("lecture3", "mlp.py", NOTEBOOK_MLP)
    r = grade_mutant("lecture3.mlp", "mlp.py", *edit)
    feedback_is(r, {
        "build": "build_dataset(words, 5) gives X of shape (2157, 3): a row holds block_size indices; take "
                 "block_size from the argument",
        "params": "init_params(g, block_size=2, n_embd=12, n_hidden=64): C: expected shape (27, 12), got (27, 10): "
                  "take the shapes from the arguments",
        # the lecture's sizes pass, (4, 6, 50) fails
        "forward": "logits (block_size 4, n_embd 6, n_hidden 50): forward raised RuntimeError: shape '[-1, 30]' is "
                   "invalid for input of size 8424; emb = C[X] is (N, block_size, n_embd): view it as (N, block_size "
                   "* n_embd) from the tensors' own sizes, not the lecture's 30",
    })
    assert r.points == 0
    training = grade_mutant("lecture3.training", "mlp.py", *edit)     # runs with the grader's own forward
    assert training.points == training.max_points, training.checks


def test_the_notebooks_vocabulary_fails_a_public_check(grade_mutant):
    edits = {"return -math.log(1 / vocab_size)": "return -math.log(1 / 27)",
             "W1 = torch.randn((block_size * n_embd, n_hidden), generator=g) * (5 / 3) / (block_size * n_embd) ** 0.5":
             "W1 = torch.randn((30, 200), generator=g) * (5 / 3) / 30 ** 0.5",
             "C = torch.randn((vocab_size, n_embd), generator=g)": "C = torch.randn((27, 10), generator=g)",
             "b1 = torch.randn(n_hidden, generator=g) * 0.01": "b1 = torch.randn(200, generator=g) * 0.01",
             "W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.01":
             "W2 = torch.randn((200, 27), generator=g) * 0.01"}
    r = grade_mutant("lecture3.E02", "uniform_init.py", *edited("lecture3", "uniform_init.py", edits))
    feedback_is(r, {
        "uniform": "uniform_loss(50) gives -log(1/27), the names' value: use vocab_size",
        "near_uniform":
            "init_params_near_uniform(g, block_size=2, n_embd=12, n_hidden=150) gave [(27, 10), (30, 200), (200,), "
            "(200, 27), (27,)]; the shapes should be [(27, 12), (24, 150), (150,), (150, 27), (27,)]: take them from "
            "the arguments",
    })
    assert r.points == 0


def test_forward_written_another_way_keeps_full_marks(grade_mutant):
    r = grade_mutant("lecture3.mlp", "mlp.py", "h = torch.tanh(emb.view(emb.shape[0], -1) @ W1 + b1)",
                     "h = torch.tanh(emb.flatten(1) @ W1 + b1)")
    assert r.points == r.max_points, r.checks
