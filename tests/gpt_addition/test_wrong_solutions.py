"""Classic GPT-addition mistakes, made in a copy of the reference: each must lose points.

The data and decoding mistakes grade fast through the real sandbox. The training cases
train for real (the reference once per session, then the mutant), so they are marked
slow; what they record:

- loss not masked (the prompt's targets kept): loses the batches exercise, but the model
  still learns 3-digit addition within the budget (100 % after the reference's 1500
  steps; with a constant learning rate it needs 1150-1900 steps to 99 % against
  650-1100 masked), and training is graded by accuracy only: full points there;
- digits not reversed (the answer most significant first): loses the encoding exercise;
  it also learns within the budget (100 % read most significant first after 1500 steps;
  1950-2500+ steps to 99 % at a constant learning rate), and training is graded on the
  adding, so it keeps the training points, with a note saying how it was read;
- prompt leaked into the targets, off by one (y[:, 2n], whose target is '=', left
  unmasked): loses the batches exercise; harmless to training (100 %);
- the mask one too long (the answer's first digit never trained): about 10 % exact
  match, no training points;
- ``exclude`` not passed on to get_batch: the held-out problems were trained on, no
  training points, whatever the accuracy.

The training judges are also tested directly, fast, at the bottom.
"""
from __future__ import annotations

import pytest
import torch

from tests.conftest import ROOT

RETURN_PROBLEM = '    return f"{a:0{ndigit}d}+{b:0{ndigit}d}=" + f"{c:0{ndigit + 1}d}"[::-1]'
MASK = "    y[:, :2 * ndigit + 1] = -1  # no loss on the prompt\n"
SKIP_HELD_OUT = "        if problem[:2 * ndigit + 2] in exclude:\n            continue  # held out: never train on it\n"
SOLVE_RETURN = "    return [parse_answer(decode(row[2 * ndigit + 2:].tolist())) for row in idx]"

# (target, old, new, failing public check, words in its feedback, failing hidden check)
MISTAKES = {
    "answer digits not reversed": (
        "gpt_addition.encoding", RETURN_PROBLEM, RETURN_PROBLEM.replace('d}"[::-1]', 'd}"'),
        "problems", "the answer's digits should be reversed, least significant first", "problems_case1"),
    "operands not zero-padded": (
        "gpt_addition.encoding", RETURN_PROBLEM, RETURN_PROBLEM.replace('f"{a:0{ndigit}d}+{b:0{ndigit}d}="', 'f"{a}+{b}="'),
        "problems", "zero-pad a and b to ndigit", "problems_case1"),
    "answer not zero-padded": (
        "gpt_addition.encoding", RETURN_PROBLEM, RETURN_PROBLEM.replace('f"{c:0{ndigit + 1}d}"[::-1]', 'str(c)[::-1]'),
        "problems", "zero-pad the answer to ndigit + 1", "problems_case1"),
    "parse_answer reads the digits as written": (
        "gpt_addition.encoding", "    return int(answer[::-1])\n", "    return int(answer)\n",
        "answers", "reverse them back", "answers_case1"),
    "parse_answer without None": (
        "gpt_addition.encoding", "    if not answer or not all(ch in \"0123456789\" for ch in answer):\n        return None\n", "",
        "answers", "invalid literal for int()", "answers_case1"),
    "parse_answer trusting int()": (      # int("-5") is -5: "5-" is no answer all the same
        "gpt_addition.encoding",
        "    if not answer or not all(ch in \"0123456789\" for ch in answer):\n        return None\n"
        "    return int(answer[::-1])\n",
        "    try:\n        return int(answer[::-1])\n    except ValueError:\n        return None\n",
        "answers", "parse_answer('5-') returned -5: an answer with a character that is not a digit is no answer, "
        "return None", "answers_case1"),
    "loss not masked": (
        "gpt_addition.batches", MASK, "",
        "batch", "the prompt's targets are not masked", "batch_case1"),
    "prompt leaked into the targets, off by one": (
        "gpt_addition.batches", MASK, "    y[:, :2 * ndigit] = -1\n",
        "batch", "y[:, 6] is not masked: its target is '='", "batch_case1"),
    "mask one too long: the first answer digit never trained": (
        "gpt_addition.batches", MASK, "    y[:, :2 * ndigit + 2] = -1\n",
        "batch", "y[:, 7] is -1, but that target is the answer's first digit", "batch_case1"),
    "masked with -100": (
        "gpt_addition.batches", MASK, "    y[:, :2 * ndigit + 1] = -100\n",
        "batch", "mask them with -1", "batch_case1"),
    "y not shifted": (
        "gpt_addition.batches", "    y = data[:, 1:].clone()\n", "    y = data[:, :-1].clone()\n",
        "batch", "y equals x where it is not masked", "batch_case1"),
    "exclude ignored": (
        "gpt_addition.batches", SKIP_HELD_OUT, "",
        "held_out_skipped", "problem(s) of exclude", "held_out_skipped_case1"),
    "problems drawn from the global RNG": (
        "gpt_addition.batches", "        a, b = torch.randint(0, 10**ndigit, (2,), generator=g).tolist()\n",
        "        a, b = torch.randint(0, 10**ndigit, (2,)).tolist()\n",
        "random_problems", "draw every problem from g", "random_problems_case1"),
    "only full-length operands": (
        "gpt_addition.batches", "        a, b = torch.randint(0, 10**ndigit, (2,), generator=g).tolist()\n",
        "        a, b = torch.randint(10**(ndigit - 1), 10**ndigit, (2,), generator=g).tolist()\n",
        "random_problems", "does not look uniform", "random_problems_case1"),
    "solver computes the sum in Python": (
        "gpt_addition.solver", SOLVE_RETURN, "    return [a + b for a, b in problems]",
        "greedy_answers", "returned the true sums", "greedy_answers_case1"),
    "solver reads the digits as written": (
        "gpt_addition.solver", SOLVE_RETURN, SOLVE_RETURN.replace(".tolist()))", ".tolist())[::-1])"),
        "greedy_answers", "read them with parse_answer", "greedy_answers_case1"),
    "solver samples instead of taking the argmax": (
        "gpt_addition.solver", "        idx_next = logits[:, -1, :].argmax(dim=-1, keepdim=True)  # greedy\n",
        "        idx_next = torch.multinomial(torch.softmax(logits[:, -1, :], dim=-1), 1)\n",
        "greedy_answers", "not the model's greedy answer", "greedy_answers_case1"),
    "solver decodes one token only, repeated": (
        "gpt_addition.solver", "        idx = torch.cat((idx, idx_next), dim=1)\n",
        "        idx = torch.cat((idx, idx_next), dim=1) if idx.shape[1] == 2 * ndigit + 2 else "
        "torch.cat((idx, idx[:, -1:]), dim=1)\n",
        "greedy_answers", "each new token is fed back", "greedy_answers_case1"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_loses_points(grade_mutant, mistake):
    target, old, new, check, words, hidden = MISTAKES[mistake]
    r = grade_mutant(target, "addition.py", old, new)
    assert r.points < r.max_points
    failing = r.check(check)
    assert failing.status in ("failed", "error") and failing.points < failing.max_points, failing
    assert any(words in line for line in failing.feedback), failing.feedback
    assert r.check(hidden).status in ("failed", "error"), r.check(hidden)


EVAL_MODE = "the model comes to solve in training mode, where its dropout changes what it writes)"


def test_solver_without_eval_is_told_to_call_it(grade_mutant):
    """The grader's models come in training mode, with dropout: a solve that never calls model.eval()
    decodes the model as training left it, and is told so for each of its models."""
    r = grade_mutant("gpt_addition.solver", "addition.py", "    model.eval()\n", "")
    assert r.points == 0, r
    assert r.check("greedy_answers").feedback == [
        f"solve(model, 40 problems, 2) gave the answers of the model in training mode: call model.eval() before "
        f"decoding ({EVAL_MODE}",
        f"solve(model, 40 problems, 3) gave the answers of the model in training mode: call model.eval() before "
        f"decoding ({EVAL_MODE}"]
    assert r.check("greedy_answers_case1").feedback[0] == (
        f"solve(model, 30 problems, 1) gave the answers of the model in training mode: call model.eval() before "
        f"decoding ({EVAL_MODE}")


# the reference's solve, between its markers
SOLVE_BODY = (ROOT / "solutions" / "lecture7" / "addition.py").read_text() \
    .split("def solve(")[1].split("# BEGIN SOLUTION\n")[1].split("    # END SOLUTION")[0]

# eval mode under no_grad, one problem at a time, and the mode it came in given back afterwards: the
# exercise asks for none of these but eval mode, and allows them all
RESTORING = """    was_training = model.training
    model.train(False)
    answers = []
    with torch.no_grad():
        for a, b in problems:
            idx = torch.tensor([encode(format_problem(a, b, ndigit)[:2 * ndigit + 2])])
            for _ in range(ndigit + 1):
                idx = torch.cat((idx, model(idx)[0][:, -1].argmax(-1, keepdim=True)), dim=1)
            answers.append(parse_answer(decode(idx[0, 2 * ndigit + 2:].tolist())))
    model.train(was_training)
    return answers
"""


def test_solver_in_eval_mode_written_otherwise_passes(grade_mutant):
    r = grade_mutant("gpt_addition.solver", "addition.py", SOLVE_BODY, RESTORING)
    assert r.points == r.max_points, r


@pytest.mark.parametrize("old, new", [
    (RETURN_PROBLEM, RETURN_PROBLEM.replace('d}"[::-1]', 'd}"')),                       # digits not reversed
    (RETURN_PROBLEM, RETURN_PROBLEM.replace('f"{a:0{ndigit}d}+{b:0{ndigit}d}="', 'f"{a}+{b}="')),  # not padded
    ("    return int(answer[::-1])\n", "    return int(answer)\n"),                   # read as written
])
def test_format_mistakes_cost_the_encoding_only(course, tmp_path, old, new):
    """get_batch and solve run with the grader's format_problem and parse_answer: a mistake in those loses the
    encoding exercise (see MISTAKES) and neither batches nor solver a second time."""
    from tests.conftest import copy_lecture, grade
    root = copy_lecture(course, "lecture7", tmp_path)
    path = root / "lecture7" / "addition.py"
    assert path.read_text().count(old) == 1
    path.write_text(path.read_text().replace(old, new))
    report = grade(course, ["gpt_addition.encoding", "gpt_addition.batches", "gpt_addition.solver"], root)
    encoding = report.exercise("gpt_addition.encoding")
    assert encoding.points < encoding.max_points
    for e in ("gpt_addition.batches", "gpt_addition.solver"):
        assert report.exercise(e).points == report.exercise(e).max_points, e


def test_python_sum_scores_nothing(grade_mutant):
    """The classic cheat: solve adds the numbers itself. The grader's models are untrained, so
    the true sums are the wrong answers: 0 points, and the feedback says why."""
    r = grade_mutant("gpt_addition.solver", "addition.py", SOLVE_RETURN, "    return [a + b for a, b in problems]")
    assert r.points == 0, r
    for name in ("greedy_answers", "greedy_answers_case1"):
        c = r.check(name)
        assert c.status == "failed" and c.points == 0
        assert "solve must report what the model writes" in c.feedback[0] and "never compute a + b" in c.feedback[0]


# --------------------------------------------------------------------------- training (slow)

def training(r, public: str, hidden: str):
    return r.check(public), r.check(hidden)


@pytest.mark.slow
def test_unmasked_loss_is_graded_by_accuracy_only(grade_mutant):
    r = grade_mutant("gpt_addition.add3", "addition.py", MASK, "")
    for c in training(r, "three_digit", "three_digit_case1"):
        assert c.status == "passed" and "exact match: 100.0% of 1000 held-out problems" in c.feedback[0], c
    assert r.points == r.max_points


@pytest.mark.slow
def test_digits_not_reversed_still_learns_and_is_read_that_way(grade_mutant):
    r = grade_mutant("gpt_addition.add3", "addition.py", RETURN_PROBLEM, RETURN_PROBLEM.replace('d}"[::-1]', 'd}"'))
    for c in training(r, "three_digit", "three_digit_case1"):
        assert c.status == "passed", c
        assert "100.0% of 1000 held-out" in c.feedback[0] and "most significant first" in c.feedback[0], c.feedback


@pytest.mark.slow
def test_prompt_leaked_off_by_one_is_harmless_to_training(grade_mutant):
    r = grade_mutant("gpt_addition.add3", "addition.py", MASK, "    y[:, :2 * ndigit] = -1\n")
    for c in training(r, "three_digit", "three_digit_case1"):
        assert c.status == "passed" and "100.0%" in c.feedback[0], c


@pytest.mark.slow
def test_first_answer_digit_never_trained(grade_mutant):
    r = grade_mutant("gpt_addition.add3", "addition.py", MASK, "    y[:, :2 * ndigit + 2] = -1\n")
    for c in training(r, "three_digit", "three_digit_case1"):
        assert c.status == "failed" and c.points == 0, c
        assert "the exact-match accuracy of your trained model is 0.1" in c.feedback[0] or \
            "the exact-match accuracy of your trained model is 0.09" in c.feedback[0], c.feedback
        assert any(line.startswith("a wrong answer: ") for line in c.feedback)


@pytest.mark.slow
def test_exclude_not_passed_on(grade_mutant):
    """The watcher in the learner's process sees the held-out problems served: a note, not a point (it could
    be forged there); the score is the exact match on problems drawn after training from the weights."""
    r = grade_mutant("gpt_addition.add2", "train.py", "get_batch(batch_size, ndigit, g, exclude))\n",
                     "get_batch(batch_size, ndigit, g))\n")
    for c in training(r, "two_digit", "two_digit_case1"):
        assert any(line.startswith("note: get_batch served ") and "held-out problem(s) during training" in line
                   for line in c.feedback), c.feedback


@pytest.mark.slow
def test_no_training_earns_nothing(grade_mutant):
    r = grade_mutant("gpt_addition.add2", "train.py", "max_iters = {1: 400, 2: 800, 3: 1500}",
                     "max_iters = {1: 0, 2: 0, 3: 0}")
    assert r.points == 0
    for c in training(r, "two_digit", "two_digit_case1"):
        assert any("note: train_model never called get_batch" in line for line in c.feedback), c.feedback


@pytest.mark.slow
def test_short_training_gets_partial_credit(grade_mutant):
    r = grade_mutant("gpt_addition.add2", "train.py", "max_iters = {1: 400, 2: 800, 3: 1500}",
                     "max_iters = {1: 400, 2: 230, 3: 1500}")
    for c in training(r, "two_digit", "two_digit_case1"):     # about 92 % (330 steps: 99.8 %)
        assert 0 < c.points < c.max_points, c
        assert "the exact-match accuracy of your trained model is 0.9" in c.feedback[0], c.feedback
        assert "full points need at least 0.99" in c.feedback[0], c.feedback


# --------------------------------------------------------------------------- the training judges, fast

@pytest.fixture(scope="module")
def ck():
    from grader.check import load_checks
    load_checks()
    from grader.checks import gpt_addition
    return gpt_addition


def got_for(ck, model, calls=100, rows=6400, leaks=None):
    return {"state": ck.state_of(model), "calls": calls, "rows": rows, "unreadable": 0,
            "leaks": leaks or {0: [0, ""], 1: [0, ""]}}


def small(ck, block_size=8, vocab_size=13, seed=0):
    return ck.initialise(ck.GPT(vocab_size=vocab_size, n_embd=32, n_head=4, n_layer=2, block_size=block_size), seed)


def test_untrained_model_scores_nothing(ck):
    v = ck.exact_match_of_the_trained_model(got_for(ck, small(ck)), "add2", ck.HELD_OUT_SEEDS["add2"][0])
    assert v.fraction == 0 and v.status == "failed"
    assert "full points need at least 0.99" in v.feedback[0]
    assert "exact match: 0.0% of 500 held-out problems" in v.feedback[1], v.feedback


def test_leaks_seen_by_the_watcher_are_a_note(ck):
    """The watcher's counts come from the learner's process: forged to zero, or honest, they change no
    point; what they saw is said."""
    seeds = ck.HELD_OUT_SEEDS["add2"]
    leaky = got_for(ck, small(ck), leaks={0: [0, ""], 1: [3, "12+34="]})
    forged = got_for(ck, small(ck))
    v = ck.exact_match_of_the_trained_model(leaky, "add2", seeds[1])
    assert v.fraction == ck.exact_match_of_the_trained_model(forged, "add2", seeds[1]).fraction
    assert v.feedback[-1] == ("note: get_batch served 3 held-out problem(s) during training (for example '12+34='): "
                              "pass exclude on to get_batch, and draw again whenever a prompt is in it")
    assert not any("note" in line for line in ck.exact_match_of_the_trained_model(leaky, "add2", seeds[0]).feedback)


@pytest.mark.parametrize("change, words", [
    (dict(calls=0, rows=0), "note: train_model never called get_batch"),
    (dict(calls=5, rows=0), "note: get_batch served nothing the grader's watcher could read"),
])
def test_batches_the_grader_cannot_watch(ck, change, words):
    v = ck.exact_match_of_the_trained_model(got_for(ck, small(ck), **change), "add2", ck.HELD_OUT_SEEDS["add2"][0])
    assert v.fraction == 0 and words in v.feedback[-1], v.feedback


def test_own_problems_are_drawn_from_the_trained_weights(ck):
    """The judge's own problems depend on the weights' hash: fixed for a model, different for another, and
    not the draw a learner could compute from the public seed and train on."""
    tier, seed = ck.TIERS["add2"], ck.HELD_OUT_SEEDS["add2"][0]
    a, b = ck.state_of(small(ck, seed=0)), ck.state_of(small(ck, seed=1))
    drawn = ck.own_problems(tier, seed, a)
    assert drawn == ck.own_problems(tier, seed, {k: v.clone() for k, v in a.items()})
    assert len(set(drawn) & set(ck.own_problems(tier, seed, b))) < 0.2 * tier.size
    public = set(ck.own_problems(tier, seed)) | set(ck.held_out(tier, seed))
    assert len(set(drawn) & public) < 0.2 * tier.size       # chance: about 2 * 500 * 500 / 10**4 = 50


@pytest.mark.parametrize("make, words", [
    (lambda ck: small(ck, block_size=7), "block_size is 7, but the model reads up to 8 tokens"),
    (lambda ck: small(ck, vocab_size=12), "vocab_size is 12"),
    (lambda ck: torch.nn.Linear(3, 3), "no token_embedding_table.weight"),
    (lambda ck: "a model", "train_model should return the trained GPTLanguageModel"),
])
def test_models_the_grader_cannot_rebuild(ck, make, words):
    v = ck.exact_match_of_the_trained_model(got_for(ck, make(ck)), "add2", ck.HELD_OUT_SEEDS["add2"][0])
    assert v.fraction == 0 and words in v.feedback[0], v.feedback


def test_nan_parameters(ck):
    model = small(ck)
    with torch.no_grad():
        model.lm_head.weight[0, 0] = float("nan")
    v = ck.exact_match_of_the_trained_model(got_for(ck, model), "add2", ck.HELD_OUT_SEEDS["add2"][0])
    assert v.fraction == 0 and "NaN or infinite" in v.feedback[0]


def test_a_model_that_adds_passes(ck):
    """The judge itself: a 'model' whose logits spell the right answer passes, read either way."""
    tier = ck.TIERS["add2"]

    class Oracle(ck.GPT):
        """Its forward writes the sum, digits reversed (or not): only to test the judge."""
        msb = False

        def forward(self, idx, targets=None):
            B, T = idx.shape
            logits = torch.zeros(B, T, 13)
            for i, row in enumerate(idx.tolist()):
                s = ck.decode(row)
                answer = ck.expected_answer(s[:6], tier, self.msb)
                k = T - 6
                logits[i, -1, ck.STOI[answer[k]] if k < len(answer) else 0] = 1.0
            return logits, None

    for msb in (False, True):
        oracle = Oracle(13, 32, 4, 2, 8).eval()
        oracle.msb = msb
        said = ck.greedy(oracle, ck.held_out(tier, 20), 3)
        assert ck.accuracy(said, ck.held_out(tier, 20), tier, msb)[0] == 1.0
        assert ck.accuracy(said, ck.held_out(tier, 20), tier, not msb)[0] < 0.2


def test_calculator_data_judge(ck):
    """Calculator mistakes, judged directly (grading the exercise would train)."""
    import tests.gpt_addition.test_reference_numbers as ref
    calc = ref.calculator
    good = {"problems": [calc.format_problem(a, op, b, n) for a, op, b, n in ck.CALC_PROBLEMS]}
    x, y = calc.get_batch(24, 2, torch.Generator().manual_seed(1))
    many = torch.cat([calc.get_batch(64, 2, torch.Generator().manual_seed(i))[0] for i in range(2, 7)])
    assert ck.calculator_data_formatted({**good, "x": x, "y": y, "many": many}, ck.CALC_PROBLEMS, 2)
    sign_last = [s[:s.index("=") + 1] + s[s.index("=") + 2:] + s[s.index("=") + 1] for s in good["problems"]]
    v = ck.calculator_data_formatted({"problems": sign_last, "x": x, "y": y, "many": many}, ck.CALC_PROBLEMS, 2)
    assert not v and "the sign comes first" in v.feedback[0], v.feedback
    unsigned = [s.replace("=+", "=").replace("=-", "=") for s in good["problems"]]
    v = ck.calculator_data_formatted({"problems": unsigned, "x": x, "y": y, "many": many}, ck.CALC_PROBLEMS, 2)
    assert not v and "starts with the sign of c" in v.feedback[0], v.feedback
    plus_only = many.clone()
    plus_only[:, 2] = ck.STOI["+"]
    v = ck.calculator_data_formatted({**good, "x": x, "y": y, "many": plus_only}, ck.CALC_PROBLEMS, 2)
    assert not v and "0% of 320 problems are subtractions" in v.feedback[0], v.feedback


@pytest.mark.slow
def test_partial_training_graded_twice_gives_the_same_report(course, tmp_path):
    """The training re-seeds itself and trains on one thread: the same code, the same report."""
    from tests.conftest import comparable, copy_lecture, grade

    root = copy_lecture(course, "lecture7", tmp_path)
    path = root / "lecture7" / "train.py"
    path.write_text(path.read_text().replace("2: 800,", "2: 230,"))
    runs = []
    for _ in range(2):
        runs.append(comparable(grade(course, ["gpt_addition.add2"], root)))
    assert 0 < runs[0]["percent"] < 100
    assert runs[0] == runs[1]
