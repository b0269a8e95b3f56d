"""Classic lecture 2 mistakes, made in a copy of the reference: each must lose points.

Every case edits one exact piece of the reference, grades the result through the real
sandbox, and asserts which check fails and that its feedback says what a learner needs
to hear. A hidden check that should catch the same mistake is asserted too, so the
hidden half never silently stops testing anything.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import refused

# (target, file, old, new, failing public check, words in its feedback, failing hidden check)
MISTAKES = {
    "letters start at 0, sharing '.''s index": (
        "lecture2.bigram", "bigram.py",
        "stoi = {s: i + 1 for i, s in enumerate(chars)}", "stoi = {s: i for i, s in enumerate(chars)}",
        "vocab", "each index used once", "vocab_case1"),
    "'.' appended at the end of the vocabulary": (
        "lecture2.bigram", "bigram.py",
        "stoi = {s: i + 1 for i, s in enumerate(chars)}\n    stoi['.'] = 0",
        "stoi = {s: i for i, s in enumerate(chars)}\n    stoi['.'] = len(chars)",
        "vocab", "stoi['.'] is 26", "vocab_case1"),
    "counts transposed": (
        "lecture2.bigram", "bigram.py",
        "N.index_put_((ix[:, 0], ix[:, 1])", "N.index_put_((ix[:, 1], ix[:, 0])",
        "counts_match", "N is transposed", "counts_match_case1"),
    "no end token": (
        "lecture2.bigram", "bigram.py",
        "chs = ['.'] + list(w) + ['.']", "chs = ['.'] + list(w)",
        "counts_match", "N holds 196113 counts, expected 228146", "counts_match_case1"),
    "no smoothing": (
        "lecture2.bigram", "bigram.py", "P = (N + k).float()", "P = N.float()",
        "probs_match", "infinite loss: add k to every count", "probs_match_case1"),
    "row sums without keepdim (broadcasts the wrong way)": (
        "lecture2.bigram", "bigram.py", "P /= P.sum(1, keepdim=True)", "P /= P.sum(1)",
        "probs_match", "sum to 6.925, not 1", "probs_match_case1"),
    "nll sums instead of averaging": (
        "lecture2.bigram", "bigram.py", ".log().mean().item()", ".log().sum().item()",
        "nll_match", "nll['all']: got 560002", "nll_match_case1"),
    "sampling from the global RNG, not g": (
        "lecture2.bigram", "bigram.py",
        "torch.multinomial(p, num_samples=1, replacement=True, generator=g)",
        "torch.multinomial(p, num_samples=1, replacement=True)",
        "sampling", "not what this generator gives", "sampling_case1"),
    "regularisation forgotten": (
        "lecture2.neural", "neural.py", " + reg * (W**2).mean()", "",
        "loss_match", "the data loss is right but the regularisation is off", "loss_match_case1"),
    "W.grad never reset, gradients accumulate": (
        "lecture2.neural", "neural.py", "        W.grad = None\n", "",
        "training", "reset to None before each backward()", "training_case1"),
    "gradient ascent": (
        "lecture2.neural", "neural.py",
        "W.data += -lr * W.grad\n    return W", "W.data += lr * W.grad\n    return W",
        "training", "max abs diff", "training_case1"),
    "trigram padded with one '.' in front": (
        "lecture2.E01", "trigram.py",
        "chs = ['.', '.'] + list(w) + ['.']", "chs = ['.'] + list(w) + ['.']",
        "trigram_counts_match", "N holds 196113 counts, expected 228146", "trigram_counts_match_case1"),
    "trigram normalised over the middle character": (
        "lecture2.E01", "trigram.py", "P /= P.sum(2, keepdim=True)", "P /= P.sum(1, keepdim=True)",
        "trigram_probs_match", "context [0, 0] sum to 15.83, not 1", "trigram_probs_match_case1"),
    "neural trigram sees the second character twice": (
        "lecture2.E01", "trigram.py",
        "F.one_hot(xs[:, 0], num_classes=27)", "F.one_hot(xs[:, 1], num_classes=27)",
        "trigram_loss_match", "trigram_loss with reg=0: got", "trigram_loss_match_case1"),
    "split not seeded": (
        "lecture2.E02", "split.py", "    random.seed(42)\n", "",
        "split_match", "random.seed(42) then random.shuffle(words)", "split_match_case1"),
    "shuffling a throwaway copy": (
        "lecture2.E02", "split.py", "random.shuffle(words)", "random.shuffle(list(words))",
        "split_match", "in order: shuffle (a copy of) the words", "split_match_case1"),
    "counts fitted on all the words": (
        "lecture2.E02", "split.py",
        '[("train", train), ("dev", dev)', '[("train", train + dev + test), ("dev", dev)',
        "evaluate", "evaluate_splits: every dev and test loss is below what counts of train alone give (trigram "
        "dev: got 2.2291, expected 2.2554): fit the counts on train only, never on dev or test", "evaluate_case1"),
    "k picked by the highest dev loss": (
        "lecture2.E03", "smoothing.py",
        "best = min(range(len(ks)), key=lambda i: dev_losses[i])",
        "best = max(range(len(ks)), key=lambda i: dev_losses[i])",
        "tuning", "pick k on dev", "tuning_case1"),
    "dev losses without the smoothing": (
        "lecture2.E03", "smoothing.py",
        "[smoothed_nll(N, dev, k) for k in ks]", "[smoothed_nll(N, dev, 1) for k in ks]",
        "tuning", "the dev losses are the NLL of the dev n-grams", "tuning_case1"),
    "one-hot kept": (
        "lecture2.E04", "indexing.py",
        "return W[xs]", "return torch.nn.functional.one_hot(xs, num_classes=27).float() @ W",
        "no_one_hot", "torch.nn.functional.one_hot is not allowed here (index the rows of W instead)", None),
    "one-hot rows of an identity matrix": (
        "lecture2.E04", "indexing.py", "return W[xs]", "return torch.eye(27)[xs] @ W",
        "rows_only", "every logit is NaN", None),
    "ce_loss is the manual loss": (
        "lecture2.E05", "cross_entropy.py",
        "return F.cross_entropy(logits, ys)", "return manual_loss(logits, ys)",
        "large_logits", "ce_loss on logits ~100 is not finite", "large_logits_case1"),
    "manual loss summed, not averaged": (
        "lecture2.E05", "cross_entropy.py",
        "return -probs[torch.arange(len(ys)), ys].log().mean()",
        "return -probs[torch.arange(len(ys)), ys].log().sum()",
        "manual_match", "manual_loss on 32 x 27 logits is 32 times the expected 5.96507: the loss is the mean over "
        "the 32 examples (.mean()), not their sum", "manual_match_case1"),
}


@pytest.mark.parametrize("mistake", list(MISTAKES))
def test_mistake_loses_points(grade_mutant, mistake):
    target, file, old, new, check, words, hidden = MISTAKES[mistake]
    r = grade_mutant(target, file, old, new)
    assert r.points < r.max_points
    failing = r.check(check)
    assert failing.status == "failed" and failing.points == 0, failing
    assert any(words in line for line in failing.feedback), failing.feedback
    if hidden:
        assert r.check(hidden).status == "failed", r.check(hidden)


def test_alphabet_hard_coded_fails_a_public_check(grade_mutant):
    """a..z written in is right for the names but not what build_vocab's docstring asks: a public case
    with a four-character vocabulary shows it, not only the hidden one."""
    r = grade_mutant("lecture2.bigram", "bigram.py", "chars = sorted(set(''.join(words)))",
                     "chars = 'abcdefghijklmnopqrstuvwxyz'")
    assert r.check("vocab").feedback == ["stoi has 27 characters where the words have 3 different ones plus '.': "
                                         "build it from the characters that occur in the words"]
    assert r.check("vocab_case1").status == "failed"


def test_reference_scores_full_marks(course):
    from tests.conftest import grade
    report = grade(course, ["lecture2"], course.solutions)
    assert all(c.status == "passed" for e in report.exercises for c in e.checks), [
        (c.id, c.feedback) for e in report.exercises for c in e.checks if c.status != "passed"]
    # The engine rounds each check's share to 4 decimals, so sevenths add up to 50.0001.
    assert report.points == report.max_points == pytest.approx(50, abs=1e-3)


# --------------------------------------------------------------------------- E04: the rule judged from the source

INDEXING = (Path(__file__).resolve().parents[2] / "solutions" / "lecture2" / "indexing.py").read_text()
LINE = next(i for i, line in enumerate(INDEXING.splitlines(), 1) if "return W[xs]" in line)
IMPORT = INDEXING.splitlines().index("import torch") + 1


def test_one_hot_by_a_computed_name(grade_mutant):
    """getattr(F, "one_" + "hot") hides the name from any search of the source, and the product is
    rebuilt so NaN rows stay out of it (a row picked by argmax), so the data checks would pass: the
    dynamic access alone voids the submission, before anything runs."""
    r = grade_mutant("lecture2.E04", "indexing.py", "return W[xs]",
                     'import torch.nn.functional as F\n'
                     '    enc = getattr(F, "one_" + "hot")(xs, num_classes=27)\n'
                     '    return W[enc.argmax(-1)]')
    assert r.points == 0
    for name in ("rows_only", "logits_match", "no_one_hot"):
        assert r.check(name).feedback == [refused(f"indexing.py line {LINE + 1}", "getattr with a computed name")]


def test_one_hot_imported_under_another_name(grade_mutant):
    r = grade_mutant("lecture2.E04", "indexing.py", "import torch\n",
                     "import torch\nfrom torch.nn.functional import one_hot as oh\n")
    # the alias is imported but bigram_logits still indexes: the import runs at import, and is the finding
    c = r.check("no_one_hot")
    assert c.points == 0
    assert c.feedback == [f"indexing.py line {IMPORT + 1}: torch.nn.functional.one_hot is not allowed here "
                          f"(index the rows of W instead)"]


def test_one_hot_through_an_alias_in_the_function(grade_mutant):
    r = grade_mutant("lecture2.E04", "indexing.py", "return W[xs]",
                     "import torch.nn.functional as G\n    enc = G.one_hot(xs, 27)\n    return W[enc.argmax(-1)]")
    c = r.check("no_one_hot")
    assert c.points == 0 and r.check("rows_only").status == "passed"
    assert c.feedback == [f"indexing.py line {LINE + 1}: G.one_hot is not allowed here (index the rows of W "
                          f"instead)"]


def test_indexing_written_another_way_keeps_full_marks(grade_mutant):
    """F.embedding is indexing too, and float64 inside is fine."""
    r = grade_mutant("lecture2.E04", "indexing.py", "return W[xs]",
                     "return torch.nn.functional.embedding(xs, W.double()).float()")
    assert r.points == r.max_points, [(c.name, c.feedback) for c in r.checks]


def test_a_stub_earns_nothing_for_a_clean_source(grade_mutant):
    r = grade_mutant("lecture2.E04", "indexing.py", "return W[xs]", "raise NotImplementedError")
    assert r.check("no_one_hot").points == 0
    assert r.check("no_one_hot").feedback == ["no points until the rest of the exercise earns some (not implemented "
                                              "yet: `bigram_logits` in indexing.py)"]


# --------------------------------------------------------------------------- what the hidden cases vary, public cases vary too

def test_own_generator_with_the_lecture_seed_fails_a_public_check(grade_mutant):
    """A generator of its own, seeded as the lecture does, gives the reference's names for that seed: a
    public draw with another seed shows that g is ignored, not only the hidden one."""
    r = grade_mutant("lecture2.bigram", "bigram.py",
                     "    names = []\n    for _ in range(n):",
                     "    g = torch.Generator().manual_seed(2147483647)\n    names = []\n    for _ in range(n):")
    c = r.check("sampling")
    assert c.status == "failed" and len(c.feedback) == 1, c
    assert c.feedback[0].startswith("sample_names of a 4-character vocabulary with generator seed 7: name ")
    assert c.feedback[0].endswith("which is not what this generator gives; start each name at ix = 0 and draw "
                                  "with torch.multinomial(P[ix], num_samples=1, replacement=True, generator=g)")
    assert r.check("sampling_case1").status == "failed"
    assert all(x.status == "passed" for x in r.checks if x.name not in ("sampling", "sampling_case1"))


def test_learning_rate_written_in_fails_a_public_check(grade_mutant):
    r = grade_mutant("lecture2.neural", "neural.py", "W.data += -lr * W.grad\n    return W",
                     "W.data += -50.0 * W.grad\n    return W")
    c = r.check("training")
    assert c.status == "failed" and c.feedback[0].startswith("W: 727 of 729 values differ"), c
    assert "check the step W.data += -lr * W.grad" in c.feedback[0]
    assert r.check("training_case1").status == "failed"
    assert all(x.status == "passed" for x in r.checks if x.name not in ("training", "training_case1"))
