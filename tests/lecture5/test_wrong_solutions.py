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


def graded(course, tmp_path, *edits):
    """The lecture graded whole with the reference edited (old, new) by each of ``edits``: {exercise: result}."""
    text = SOURCE
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    root = copy_lecture(course, "lecture5", tmp_path)
    (root / "lecture5" / "backprop.py").write_text(text)
    return {e.id.split(".")[1]: e for e in grade(course, ["lecture5"], root).exercises}


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


UPDATE = """            grads = {"C": dC, "W1": dW1, "b1": db1, "W2": dW2, "b2": db2, "bngain": dbngain, "bnbias": dbnbias}
            for name, p in params.items():
                p += -lr * grads[name]
"""


def test_ex4_that_never_updates_C(grade_mutant):
    """The update runs over the gradients the loop has, and the awkward dC was left out of them."""
    r = grade_mutant("lecture5.ex4", "backprop.py", UPDATE, UPDATE.replace('"C": dC, ', "").replace(
        "for name, p in params.items():\n                p += -lr * grads[name]",
        "for name, grad in grads.items():\n                params[name] += -lr * grad"))
    assert r.points == 0
    for name, steps in (("manual_training_matches_autograd", 8), ("manual_training_other_sizes", 6)):
        assert r.check(name).feedback == [f"C was never updated: after {steps} steps it still holds its initial "
                                          f"values (every parameter takes p += -lr * its own gradient)"]


def test_results_in_half_precision(course, tmp_path):
    """Every gradient right but returned in float16 (ex1), the trained parameters in bfloat16 (ex4): one line
    each that says so, not 26 (or 7) failed comparisons; ex2 and ex3 keep their points."""
    results = graded(course, tmp_path,
                     ("    return {name: scope[name] for name in GRADIENT_NAMES}",
                      "    return {name: scope[name].half() for name in GRADIENT_NAMES}"),
                     ("    return params\n", "    return {k: v.bfloat16() for k, v in params.items()}\n"))
    assert [r.points == r.max_points for r in results.values()] == [False, True, True, False]
    assert results["ex1"].points == results["ex4"].points == 0
    assert results["ex1"].check("every_gradient").feedback == [
        "every gradient is torch.float16, too coarse to compare with autograd's: compute in float32 as the lecture "
        "does (or float64)"]
    assert results["ex4"].check("manual_training_matches_autograd").feedback == [
        "every parameter is torch.bfloat16, too coarse to compare with autograd's: compute in float32 as the "
        "lecture does (or float64)"]


def test_everything_in_float64_keeps_full_marks(course, tmp_path):
    """The lecture fixes no dtype: gradients and parameters computed and returned in float64 are judged by value."""
    results = graded(course, tmp_path,
                     ("    # BEGIN SOLUTION\n    C, W1, W2 = params",
                      "    # BEGIN SOLUTION\n    params = {k: v.double() for k, v in params.items()}\n"
                      "    cache = {k: v.double() for k, v in cache.items()}\n    C, W1, W2 = params"),
                     ("dlogits = F.softmax(logits, 1)", "dlogits = F.softmax(logits.double(), 1)"),
                     ("    n = dhpreact.shape[0]\n", "    dhpreact = dhpreact.double()\n    n = dhpreact.shape[0]\n"),
                     ("    params = {k: v.clone() for k, v in params.items()}\n",
                      "    params = {k: v.double() for k, v in params.items()}\n"))
    assert {ex: r.points == r.max_points for ex, r in results.items()} == dict.fromkeys(results, True), \
        [c.feedback for r in results.values() for c in r.checks if c.feedback]


def test_wrong_ex2_and_ex3_cost_only_their_own_exercise(course, tmp_path):
    """train_ex4 calls dlogits_ex2 and dhprebn_ex3; ex4 is graded with the grader's own, so each mistake costs
    its own exercise and ex4 (and ex1) keep full marks."""
    results = graded(course, tmp_path, ("    dlogits /= n\n", ""), ("- n / (n - 1) * bnraw", "- bnraw"))
    assert results["ex1"].points == results["ex1"].max_points
    assert results["ex4"].points == results["ex4"].max_points
    assert results["ex2"].points == 0 and results["ex3"].points == 0
    assert results["ex2"].check("dlogits_in_one_go").feedback == [
        "dlogits | exact: False | approximate: False | maxdiff: 0.959 (at [31, 13], shape (32, 27)); the gradient is "
        "softmax(logits) minus the one-hot targets, over n = logits.shape[0]"]
    assert results["ex3"].check("dhprebn_in_one_go").feedback == [
        "dhprebn | exact: False | approximate: False | maxdiff: 3.08e-05 (at [6, 40], shape (32, 64)); write out "
        "d(bnraw)/d(hprebn) with the mean and the unbiased variance (Bessel: 1/(n-1), n = dhpreact.shape[0]) "
        "depending on every row, then simplify"]


def test_the_lecture_sizes_hard_coded_fail_a_public_check(course, tmp_path):
    """The notebook's n is the global batch size, 32, and its learning rate 0.1: written into dhprebn_ex3 and
    train_ex4 they are right on the lecture's sizes, and a public check (not only a hidden one) says where not."""
    results = graded(course, tmp_path, ("    n = dhpreact.shape[0]\n    return", "    n = 32\n    return"),
                     ("p += -lr * grads[name]", "p += -0.1 * grads[name]"))
    ex3, ex4 = results["ex3"], results["ex4"]
    assert [c.name for c in ex3.checks + ex4.checks if c.points < c.max_points] == [   # (one_expression: a source
        "dhprebn_other_sizes", "one_expression", "dhprebn_other_sizes_case1",          # check's points follow the
        "manual_training_other_sizes", "manual_training_other_sizes_case1"]              # others')
    assert ex3.check("dhprebn_other_sizes").feedback == [
        "dhprebn | exact: False | approximate: False | maxdiff: 0.0173 (at [2, 9], shape (6, 12)); write out "
        "d(bnraw)/d(hprebn) with the mean and the unbiased variance (Bessel: 1/(n-1), n = dhpreact.shape[0]) "
        "depending on every row, then simplify"]
    assert ex4.check("manual_training_other_sizes").feedback == [
        "after 6 steps (batch_size 14, lr 0.3), C: 152 of 162 values differ; max abs diff 0.0263, worst at [0, 1] "
        "(got 0.639948, expected 0.666292), compared with the same network trained with loss.backward() on the "
        "same minibatches"]


def test_ex4_by_way_of_a_wrong_backward_ex1(course, tmp_path):
    """train_ex4 written with backward_ex1 (another right way) while backward_ex1 forgets to accumulate dC: ex1
    loses its dC, ex4 is graded with the grader's own backward_ex1 and keeps full marks."""
    loop = SOURCE[SOURCE.index('            emb, embcat, h = cache["emb"]'):SOURCE.index("            for name, p in")]
    results = graded(course, tmp_path, (DC_LOOP, "    dC[Xb] += demb\n"),
                     (loop, "            g = backward_ex1(params, cache, Xb, Yb)\n"
                            "            grads = {k: g['d' + k] for k in PARAMETER_NAMES}\n"))
    assert [r.points == r.max_points for r in results.values()] == [False, True, True, True]
    assert results["ex1"].check("every_gradient").feedback[0].startswith(
        "first wrong gradient in backward order: dC | exact: False | approximate: False")
