"""Classic mistakes of lecture 5, written as edits of the reference: each must lose its points, with feedback
that names the first wrong gradient (or the rule broken)."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import copy_lecture, grade, refused

SOURCE = (Path(__file__).resolve().parents[2] / "solutions" / "lecture5" / "backprop.py").read_text()

DC_LOOP = '''    for k in range(Xb.shape[0]):
        for j in range(Xb.shape[1]):
            ix = Xb[k, j]
            dC[ix] += demb[k, j]
'''

EX2_CHAIN = '''    n = logits.shape[0]
    logit_maxes = logits.max(1, keepdim=True).values
    counts = (logits - logit_maxes).exp()
    counts_sum = counts.sum(1, keepdims=True)
    counts_sum_inv = counts_sum**-1
    probs = counts * counts_sum_inv
    dlogprobs = torch.zeros_like(probs)
    dlogprobs[range(n), Yb] = -1.0 / n
    dprobs = (1.0 / probs) * dlogprobs
    dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)
    dcounts = counts_sum_inv * dprobs
    dcounts_sum = (-counts_sum**-2) * dcounts_sum_inv
    dcounts += torch.ones_like(counts) * dcounts_sum
    dnorm_logits = counts * dcounts
    dlogits = dnorm_logits.clone()
    dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)
    dlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes
    return dlogits
'''


def ex1(r, name="every_gradient"):
    return r.check(name)


def test_dlogprobs_without_the_mean(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "dlogprobs[range(n), Yb] = -1.0 / n",
                     "dlogprobs[range(n), Yb] = -1.0")
    c = ex1(r)
    assert c.status == "failed" and c.points < 0.1 * c.max_points
    assert c.feedback[0].startswith("first wrong gradient in backward order: dlogprobs | exact: False | "
                                    "approximate: False | maxdiff: 0.969")


def test_forgotten_max_branch(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py",
                     "    dlogits += F.one_hot(logits.max(1).indices, num_classes=logits.shape[1]) * dlogit_maxes\n",
                     "")
    c = ex1(r)
    assert c.points == round(c.max_points * 25 / 26, 4)
    assert c.feedback == [
        "first wrong gradient in backward order: dlogits is exactly dnorm_logits: logits also reach the loss through "
        "logit_maxes = logits.max(1); add that branch's gradient, dlogit_maxes, at each row's max",
        "25 of 26 gradients match autograd (approximate, as cmp's allclose)"]


def test_dlogit_maxes_set_to_zero(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "dlogit_maxes = (-dnorm_logits).sum(1, keepdim=True)",
                     "dlogit_maxes = torch.zeros_like(logits[:, :1])")
    c = ex1(r)
    assert c.points < c.max_points
    assert c.feedback[0].startswith("first wrong gradient in backward order: dlogit_maxes is exactly zero")


def test_missing_bessel_factor(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "dbndiff2 = (1.0 / (n - 1))", "dbndiff2 = (1.0 / n)")
    c = ex1(r)
    assert 0 < c.points < c.max_points            # everything before dbndiff2 is still right
    assert c.feedback[0].startswith("first wrong gradient in backward order: dbndiff2 | exact: False")
    # dbnmeani and db1 stay right: the variance path sums to zero over the batch (sum of bndiff is 0)
    assert c.feedback[1] == "19 of 26 gradients match autograd (approximate, as cmp's allclose)"
    assert c.feedback[2] == "also wrong: dbndiff, dhprebn, dembcat, dW1, demb, dC"


def test_sum_over_the_wrong_axis(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "dcounts_sum_inv = (counts * dprobs).sum(1, keepdim=True)",
                     "dcounts_sum_inv = (counts * dprobs).sum(0, keepdim=True)")
    c = ex1(r)
    assert c.points < 0.2 * c.max_points
    assert c.feedback[0] == ("first wrong gradient in backward order: dcounts_sum_inv: expected shape (32, 1), got "
                             "(1, 27)")


def test_bias_gradient_summed_over_the_wrong_axis(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "    db2 = dlogits.sum(0)\n    dhpreact",
                     "    db2 = dlogits.sum(1)\n    dhpreact")
    c = ex1(r)
    assert c.points == round(c.max_points * 25 / 26, 4)
    assert c.feedback[0] == "first wrong gradient in backward order: db2: expected shape (27,), got (32,)"


def test_dC_without_accumulation(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", DC_LOOP, "    dC[Xb] += demb  # repeated rows: only one counts\n")
    c = ex1(r)
    assert c.points == round(c.max_points * 25 / 26, 4)
    assert c.feedback[0].startswith("first wrong gradient in backward order: dC | exact: False | approximate: False")


GATE = "no points while no_autograd fails: this exercise counts only when its rule holds (see no_autograd)"
HINT = "computes every gradient by hand; use autograd only to check your work, outside it"


def line_of(path_text: str, needle: str) -> int:
    return next(i for i, line in enumerate(path_text.splitlines(), 1) if needle in line)


def test_ex1_with_autograd(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "    dlogprobs = torch.zeros_like(logprobs)\n",
                     "    torch.autograd.grad(logprobs.sum(), logprobs)\n    dlogprobs = torch.zeros_like(logprobs)\n")
    assert r.points == 0
    n = line_of(SOURCE, "    dlogprobs = torch.zeros_like(logprobs)")
    assert r.check("no_autograd").feedback == [
        f"backprop.py line {n}: torch.autograd.grad is not allowed here (backward_ex1 {HINT})"]
    # the child's block stopped the call (its record is a note: the points went with the source check)
    assert ex1(r).feedback[0] == ("your code called autograd (torch.autograd.grad), which is switched off here: "
                                  "every gradient is computed by hand")


# Every gradient from autograd, through an entry point captured at import: the probe's blocks
# (which replace torch.autograd.grad and the module's own names bound to it) never see it, so
# the data is exactly right. Only the source tells.
AUTOGRAD_EX1 = """_ENTRY = [torch.autograd.grad]      # captured at import, out of the blocks' reach


def backward_ex1(params, cache, Xb, Yb):
    with torch.enable_grad():
        leaves = {k: v.clone().requires_grad_() for k, v in params.items()}
        c = forward(leaves, Xb, Yb)
        wrt = [c[g[1:]] if g[1:] in c else leaves[g[1:]] for g in GRADIENT_NAMES]
        grads = _ENTRY[0](c["loss"], wrt)
    return {g: t.detach() for g, t in zip(GRADIENT_NAMES, grads)}


def _unused_"""


def test_ex1_autograd_captured_at_import(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "def backward_ex1", AUTOGRAD_EX1)
    assert r.points == 0
    text = SOURCE.replace("def backward_ex1", AUTOGRAD_EX1)
    lines = [line_of(text, "_ENTRY = ["), line_of(text, "with torch.enable_grad()"),
             line_of(text, "leaves = {k: v.clone()")]
    assert r.check("no_autograd").feedback == [
        f"backprop.py line {lines[0]}: torch.autograd.grad is not allowed here (backward_ex1 {HINT})",
        f"backprop.py line {lines[1]}: torch.enable_grad is not allowed here (backward_ex1 {HINT})",
        f"backprop.py line {lines[2]}: v.clone().requires_grad_ is not allowed here (backward_ex1 {HINT})"]
    assert ex1(r).feedback == [GATE]        # the data was right: nothing else to say


def test_ex1_autograd_by_a_computed_name(grade_mutant):
    """getattr(torch.autograd, "gr" + "ad") names nothing forbidden: the dynamic access itself voids the
    submission, before anything runs."""
    r = grade_mutant("lecture5.ex1", "backprop.py", "def backward_ex1",
                     AUTOGRAD_EX1.replace("[torch.autograd.grad]", '[getattr(getattr(torch, "auto" + "grad"), '
                                          '"gr" + "ad")]').replace("with torch.enable_grad():",
                                                                   "with getattr(torch, 'enable_' + 'grad')():")
                     .replace("v.clone().requires_grad_()", "getattr(v.clone(), 'requires_' + 'grad_')()"))
    assert r.points == 0
    feedback = r.check("no_autograd").feedback
    assert len(feedback) == 1 and feedback[0].endswith(
        ": getattr with a computed name is dynamic access, not allowed in a submission (dynamic access hides what "
        "the code calls from the grader's check of your source: write the call out by name); no check of this "
        "exercise was run")
    assert ex1(r).feedback == feedback


def test_ex1_grad_mode_through_torch_C(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "    dlogprobs = torch.zeros_like(logprobs)\n",
                     "    torch._C._set_grad_enabled(True)\n    dlogprobs = torch.zeros_like(logprobs)\n")
    assert r.points == 0
    n = line_of(SOURCE, "    dlogprobs = torch.zeros_like(logprobs)")
    assert r.check("no_autograd").feedback == [refused(f"backprop.py line {n}", "torch._C")]


def test_ex1_cmp_with_autograd_elsewhere_in_the_file_is_fine(grade_mutant):
    """The given cmp reads .grad, and a self-test under __main__ may call backward: neither runs for ex1."""
    r = grade_mutant("lecture5.ex1", "backprop.py", "def dlogits_ex2",
                     "if __name__ == '__main__':\n    params = init_params()\n    loss = forward(params, None, None)"
                     "['loss']\n    loss.backward()\n\n\ndef dlogits_ex2")
    assert r.points == r.max_points


def test_ex1_in_float64_inside_keeps_full_marks(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "    dh = dlogits @ W2.T\n",       # ex1's and ex4's
                     "    dh = torch.einsum('nv,hv->nh', dlogits.double(), W2.double()).float()\n", count=2)
    assert r.points == r.max_points


def test_ex2_without_dividing_by_n(grade_mutant):
    r = grade_mutant("lecture5.ex2", "backprop.py", "    dlogits /= n\n", "")
    assert r.points == 0
    (line,) = r.check("dlogits_in_one_go").feedback
    assert line.startswith("dlogits | exact: False | approximate: False | maxdiff: ")
    assert line.endswith("; the gradient is softmax(logits) minus the one-hot targets, over n = logits.shape[0]")


def test_ex2_as_the_step_by_step_chain(grade_mutant):
    old = SOURCE[SOURCE.index("    n = logits.shape[0]\n    dlogits = F.softmax"):SOURCE.index("    return dlogits\n") +
                 len("    return dlogits\n")]
    r = grade_mutant("lecture5.ex2", "backprop.py", old, EX2_CHAIN)
    assert r.check("dlogits_in_one_go").points == r.check("dlogits_in_one_go").max_points
    c = r.check("one_expression")
    assert c.points == 0 and r.points == round(0.8 * r.max_points, 4)
    assert c.feedback == ["backprop.py: dlogits_ex2 writes 28 operations: this exercise asks for dlogits in one "
                          "simplified expression (at most 12), not the step-by-step chain"]


def test_ex2_chain_with_the_counter_switched_off(grade_mutant):
    """torch._C.DisableTorchFunction() hides the chain from the child's call counter; reaching torch._C
    is dynamic access, which voids the submission before anything runs."""
    old = SOURCE[SOURCE.index("    n = logits.shape[0]\n    dlogits = F.softmax"):SOURCE.index("    return dlogits\n") +
                 len("    return dlogits\n")]
    hidden = "    with torch._C.DisableTorchFunction():\n" + "".join(
        "    " + line + "\n" for line in EX2_CHAIN.splitlines())
    r = grade_mutant("lecture5.ex2", "backprop.py", old, hidden)
    assert r.points == 0
    n = line_of(SOURCE.replace(old, hidden), "DisableTorchFunction")
    assert r.check("no_autograd").feedback == r.check("one_expression").feedback == [
        refused(f"backprop.py line {n}", "torch._C")]


def test_ex2_chain_moved_into_a_helper(course, tmp_path):
    """The operations of a helper the function calls are the function's: reach follows names in the file."""
    old = SOURCE[SOURCE.index("    n = logits.shape[0]\n    dlogits = F.softmax"):SOURCE.index("    return dlogits\n") +
                 len("    return dlogits\n")]
    text = SOURCE.replace(old, "    return _chain(logits, Yb)\n").replace(
        "def dlogits_ex2(logits, Yb):\n", "def _chain(logits, Yb):\n" + EX2_CHAIN + "\n\ndef dlogits_ex2(logits, Yb):\n")
    root = copy_lecture(course, "lecture5", tmp_path)
    (root / "lecture5" / "backprop.py").write_text(text)
    r = grade(course, ["lecture5.ex2"], root).exercise("lecture5.ex2")
    assert r.check("one_expression").points == 0 and r.points == round(0.8 * r.max_points, 4)
    assert r.check("one_expression").feedback[0].startswith("backprop.py: dlogits_ex2 writes 29 operations")


def test_ex2_as_one_return_expression_keeps_full_marks(grade_mutant):
    old = SOURCE[SOURCE.index("    n = logits.shape[0]\n    dlogits = F.softmax"):SOURCE.index("    return dlogits\n") +
                 len("    return dlogits\n")]
    r = grade_mutant("lecture5.ex2", "backprop.py", old,
                     "    return (F.softmax(logits.double(), 1) - F.one_hot(Yb, logits.shape[1])).float() / "
                     "logits.shape[0]\n")
    assert r.points == r.max_points


def test_ex3_without_bessel(grade_mutant):
    r = grade_mutant("lecture5.ex3", "backprop.py", "- n / (n - 1) * bnraw", "- bnraw")
    assert r.points == 0
    (line,) = r.check("dhprebn_in_one_go").feedback
    assert line.startswith("dhprebn | exact: False | approximate: False | maxdiff: ")
    assert "Bessel: 1/(n-1)" in line


def test_ex3_without_the_gain(grade_mutant):
    r = grade_mutant("lecture5.ex3", "backprop.py", "return bngain * bnvar_inv / n *", "return bnvar_inv / n *")
    assert r.points == 0


def test_ex4_with_loss_backward(grade_mutant):
    r = grade_mutant("lecture5.ex4", "backprop.py", '            dlogits = dlogits_ex2(cache["logits"], Yb)\n',
                     '            logits = cache["logits"].requires_grad_()\n'
                     '            F.cross_entropy(logits, Yb).backward()\n'
                     '            dlogits = logits.grad\n')
    assert r.points == 0
    assert r.check("no_autograd").feedback[1].endswith(
        ": F.cross_entropy(logits, Yb).backward is not allowed here (train_ex4 computes every gradient by hand; "
        "use autograd only to check your work, outside it)")
    assert r.check("manual_training_matches_autograd").feedback[0] == (
        "your code called autograd (Tensor.backward()), which is switched off here: every gradient is computed by hand")


def test_ex4_with_autograd_captured_at_import(course, tmp_path):
    """torch.autograd.grad taken before the probe blocks it, and grad mode switched back on: the child sees
    no call and the trained parameters are right; the source shows both."""
    root = copy_lecture(course, "lecture5", tmp_path)
    text = SOURCE.replace("PARAMETER_NAMES = (", "_GRAD = [torch.autograd.grad]\nPARAMETER_NAMES = (", 1)
    text = text.replace('            dlogits = dlogits_ex2(cache["logits"], Yb)\n',
                        '            with torch.enable_grad():\n'
                        '                logits = cache["logits"].clone().requires_grad_()\n'
                        '                (dlogits,) = _GRAD[0](F.cross_entropy(logits, Yb), logits)\n', 1)
    (root / "lecture5" / "backprop.py").write_text(text)
    r = grade(course, ["lecture5.ex4"], root).exercise("lecture5.ex4")
    assert r.points == 0
    assert r.check("no_autograd").feedback == [
        f"backprop.py line {line_of(text, '_GRAD = [')}: torch.autograd.grad is not allowed here "
        f"(train_ex4 {HINT})",
        f"backprop.py line {line_of(text, 'with torch.enable_grad()')}: torch.enable_grad is not allowed here "
        f"(train_ex4 {HINT})",
        f"backprop.py line {line_of(text, 'requires_grad_()')}: cache['logits'].clone().requires_grad_ is not "
        f"allowed here (train_ex4 {HINT})"]
    assert r.check("manual_training_matches_autograd").feedback == [GATE]


def test_ex4_that_does_not_update(grade_mutant):
    r = grade_mutant("lecture5.ex4", "backprop.py", "p += -lr * grads[name]", "p += 0 * grads[name]")
    assert r.points == 0
    assert r.check("manual_training_matches_autograd").feedback == [
        "the returned parameters are the initial ones: update each with p += -lr * grad (in place, or return the "
        "new tensors)"]


def test_ex4_with_dC_not_accumulated(grade_mutant):
    r = grade_mutant("lecture5.ex4", "backprop.py", "dC.index_add_(0, Xb.view(-1), demb.view(n * Xb.shape[1], -1))",
                     "dC[Xb.view(-1)] += demb.view(n * Xb.shape[1], -1)")
    assert r.points == 0
    (line,) = r.check("manual_training_matches_autograd").feedback
    assert line.startswith("after 8 steps (batch_size 32, lr 0.1), C: ") and line.endswith(
        "compared with the same network trained with loss.backward() on the same minibatches")
