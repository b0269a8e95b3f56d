"""Classic mistakes of lecture 5, written as edits of the reference: each must lose its points, with feedback
that names the first wrong gradient (or the rule broken)."""
from __future__ import annotations

from pathlib import Path

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


def test_ex1_with_autograd(grade_mutant):
    r = grade_mutant("lecture5.ex1", "backprop.py", "    dlogprobs = torch.zeros_like(logprobs)\n",
                     "    torch.autograd.grad(logprobs.sum(), logprobs)\n    dlogprobs = torch.zeros_like(logprobs)\n")
    assert r.points == 0
    assert ex1(r).feedback == ["your code used autograd (torch.autograd.grad was called): every gradient here is "
                               "computed by hand, with autograd switched off"]


def test_ex2_without_dividing_by_n(grade_mutant):
    r = grade_mutant("lecture5.ex2", "backprop.py", "    dlogits /= n\n", "")
    assert r.points == 0
    (line,) = r.check("dlogits_in_one_go").feedback
    assert line.startswith("dlogits | exact: False | approximate: False | maxdiff: ")
    assert line.endswith("; the gradient is softmax(logits) minus the one-hot targets, over n")


def test_ex2_as_the_step_by_step_chain(grade_mutant):
    old = SOURCE[SOURCE.index("    n = logits.shape[0]\n    dlogits = F.softmax"):SOURCE.index("    return dlogits\n") +
                 len("    return dlogits\n")]
    r = grade_mutant("lecture5.ex2", "backprop.py", old, EX2_CHAIN)
    c = r.check("dlogits_in_one_go")
    assert c.points == round(0.75 * c.max_points, 4)
    assert c.feedback[0].startswith("dlogits is right but took ")
    assert c.feedback[0].endswith("torch operations: this exercise asks for one simplified expression (at most 16), "
                                  "not the step-by-step chain")


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
    assert r.check("manual_training_matches_autograd").feedback == [
        "your code used autograd (Tensor.backward() was called): every gradient here is computed by hand, with "
        "autograd switched off"]


def test_ex4_with_grad_switched_back_on(grade_mutant):
    """torch.enable_grad() gets past the grad mode, not past the blocked entry points."""
    r = grade_mutant("lecture5.ex4", "backprop.py", '            dlogits = dlogits_ex2(cache["logits"], Yb)\n',
                     '            with torch.enable_grad():\n'
                     '                logits = cache["logits"].clone().requires_grad_()\n'
                     '                (dlogits,) = torch.autograd.grad(F.cross_entropy(logits, Yb), logits)\n')
    assert r.points == 0
    assert "torch.autograd.grad was called" in r.check("manual_training_matches_autograd").feedback[0]


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
    assert line.startswith("after 8 steps, C: ") and line.endswith(
        "compared with the same network trained with loss.backward() on the same minibatches")
