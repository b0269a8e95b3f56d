"""Classic mistakes of lecture 4, written as edits of the reference: each must lose its points, with feedback
that names the mistake."""
from __future__ import annotations

from tests.lecture3 import edited, feedback_is

FOLD_INTO_NEXT = '''    folded = list(layers)
    for i, layer in enumerate(layers):
        if isinstance(layer, BatchNorm1d):
            # fold into the next Linear: y = s * z + t feeds it, so W' = s[:, None] * W, b' = t @ W + b
            j = next(k for k in range(i + 1, len(layers)) if isinstance(layers[k], Linear))
            scale = layer.gamma.view(-1) / torch.sqrt(layer.running_var.view(-1) + layer.eps)
            shift = layer.beta.view(-1) - layer.running_mean.view(-1) * scale
            nxt = folded[j]
            new = Linear(nxt.weight.shape[0], nxt.weight.shape[1], bias=True)
            new.weight = scale[:, None] * nxt.weight
            new.bias = shift @ nxt.weight + (0 if nxt.bias is None else nxt.bias)
            folded[j] = new
    return [layer for layer in folded if not isinstance(layer, BatchNorm1d)]
'''

TRACE_IN_TRAIN_MODE = '''    with torch.no_grad():
        fan_in = linear.weight.shape[0]
        probe = torch.cat([torch.zeros(1, fan_in), torch.eye(fan_in)]).to(linear.weight.dtype)
        out = bn(linear(probe))          # the affine map read off at 0 and the unit vectors
        folded = Linear(fan_in, out.shape[1], bias=True)
        folded.bias = out[0]
        folded.weight = out[1:] - out[0]
    return folded
'''


def lost_all(r, *checks, status=("failed",)):
    for name in checks:
        c = r.check(name)
        assert c.points == 0 and c.status in status, (name, c)


# --------------------------------------------------------------------------- layers

def test_biased_variance(grade_mutant):
    r = grade_mutant("lecture4.layers", "layers.py", "xvar = x.var(0, keepdim=True)",
                     "xvar = x.var(0, keepdim=True, unbiased=False)")
    lost_all(r, "batchnorm_training", "batchnorm_training_case1")
    assert r.check("batchnorm_training").feedback == [
        "BatchNorm1d(x) in training mode: you normalise with the biased variance (dividing by n); the lecture's "
        "BatchNorm1d uses x.var(0, keepdim=True), which divides by n - 1"]
    assert r.check("batchnorm_eval").status == "passed"


def test_forgotten_eps(grade_mutant):
    r = grade_mutant("lecture4.layers", "layers.py", "torch.sqrt(xvar + self.eps)", "torch.sqrt(xvar)")
    lost_all(r, "batchnorm_training", "batchnorm_eval", "batchnorm_training_case1", "batchnorm_eval_case1")
    assert r.check("batchnorm_training").feedback == [
        "BatchNorm1d(x) in training mode: eps is missing: divide by torch.sqrt(var + eps)"]
    assert r.check("batchnorm_eval").feedback == [
        "BatchNorm1d(x) in eval mode: eps is missing: divide by torch.sqrt(var + eps)"]


def test_batch_statistics_in_eval_mode(grade_mutant):
    r = grade_mutant("lecture4.layers", "layers.py", "        if self.training:\n            xmean",
                     "        if True:\n            xmean")
    lost_all(r, "batchnorm_eval", "batchnorm_eval_case1")
    assert r.check("batchnorm_eval").feedback == [
        "BatchNorm1d(x) in eval mode uses the batch's statistics: with training = False, normalise with "
        "running_mean and running_var"]
    assert r.check("batchnorm_training").status == "passed"


def test_momentum_the_wrong_way_round(grade_mutant):
    r = grade_mutant("lecture4.layers", "layers.py",
                     "(1 - self.momentum) * self.running_mean + self.momentum * xmean",
                     "self.momentum * self.running_mean + (1 - self.momentum) * xmean")
    lost_all(r, "batchnorm_training", "batchnorm_training_case1")
    assert r.check("batchnorm_training").feedback == [
        "running_mean after 1 training call(s) is off: the momentum weights the new batch statistic: running = "
        "(1 - momentum) * running + momentum * batch_stat"]


def test_running_buffers_with_autograd_history(grade_mutant):
    r = grade_mutant("lecture4.layers", "layers.py",
                     "            with torch.no_grad():\n                self.running_mean",
                     "            if True:\n                self.running_mean")
    lost_all(r, "batchnorm_training", "batchnorm_training_case1")
    assert r.check("batchnorm_training").feedback == [
        "the running buffers carry an autograd graph: update them inside torch.no_grad()"]


def test_linear_weight_not_scaled_by_fan_in(grade_mutant):
    r = grade_mutant("lecture4.layers", "layers.py", "generator=generator) / fan_in**0.5\n        self.bias",
                     "generator=generator)\n        self.bias")
    lost_all(r, "linear_layer", "linear_layer_case1")
    (line,) = r.check("linear_layer").feedback
    assert line.startswith("weight: ") and line.endswith(
        "; its std is fan_in**0.5 times too large: divide the randn by fan_in**0.5")


# --------------------------------------------------------------------------- deep

def test_missing_kaiming_gain(grade_mutant):
    r = grade_mutant("lecture4.deep", "deep.py", "layer.weight *= gain", "layer.weight *= 1.0")
    lost_all(r, "lecture_network", "network_without_batchnorm")
    assert r.check("lecture_network_case1").status == "passed"       # gain 1.0 there: nothing to see
    assert r.check("lecture_network").feedback[0].endswith(
        "; layers[0].weight's std is 0.6 x the expected one: the gain 1.667 is missing")


def test_last_layer_not_made_less_confident(grade_mutant):
    r = grade_mutant("lecture4.deep", "deep.py", "layers[-1].weight *= 0.1", "pass")
    lost_all(r, "network_without_batchnorm")
    assert r.check("lecture_network").status == "passed"
    assert "the output layer was not made less confident (x 0.1)" in r.check("network_without_batchnorm").feedback[0]


def test_update_rebinds_instead_of_in_place(grade_mutant):
    r = grade_mutant("lecture4.deep", "deep.py", "            p.data += -lr * p.grad\n        lossi",
                     "            p = p - lr * p.grad\n        lossi")
    lost_all(r, "training_steps", "training_steps_case1")
    assert r.check("training_steps").feedback == [
        "train() left the parameters unchanged: update them in place (p.data += -lr * p.grad) instead of "
        "rebinding names"]


def test_saturation_threshold(grade_mutant):
    r = grade_mutant("lecture4.deep", "deep.py", "(t.abs() > 0.97)", "(t.abs() > 0.99)")
    c = r.check("diagnostics")
    assert c.status == "failed" and 0 < c.points < c.max_points      # gradients and ud still earn their share
    assert c.feedback[0].startswith("activation_stats of layer 1: saturated: got ")
    assert c.feedback[0].endswith(" (the percentage, 0..100, of |t| > 0.97)")


def test_update_to_data_without_log10(grade_mutant):
    r = grade_mutant("lecture4.deep", "deep.py", "((lr * p.grad).std() / p.data.std()).log10().item()",
                     "((lr * p.grad).std() / p.data.std()).item()")
    assert r.check("diagnostics").feedback[0].endswith("; log10 of (lr * grad).std() / data.std()")
    assert r.check("training_steps").status == "failed"


# --------------------------------------------------------------------------- E01

def test_reports_every_parameter(grade_mutant):
    r = grade_mutant("lecture4.E01", "zero_init.py", "if (p.grad != 0).any()", "if p.grad is not None")
    assert r.points < r.max_points
    assert r.check("zero_init").feedback == [
        "you report ['C', 'W1', 'W2', 'b1', 'b2'] as receiving gradient; that is not what an all-zero W1, b1, W2, "
        "b2 gives: print each p.grad after the first backward() and look at which are not all zero",
        "your report says ['C', 'W1', 'W2', 'b1', 'b2'] receive gradient, but the parameters you returned show "
        "['b2'] changed"]


def test_reports_the_last_batch_loss(grade_mutant):
    r = grade_mutant("lecture4.E01", "zero_init.py", "final = mlp_loss(params, X, Y).item()", "final = loss.item()")
    lost_all(r, "zero_init", "zero_init_case1")
    (line,) = r.check("zero_init").feedback
    assert line.startswith("the loss you report (float ") and "is not the loss of the parameters you returned" in line


def test_random_init_is_not_the_experiment(grade_mutant):
    r = grade_mutant("lecture4.E01", "zero_init.py", '"W2": torch.zeros((n_hidden, vocab_size)),',
                     '"W2": torch.randn((n_hidden, vocab_size)) * 0.1,')
    lost_all(r, "zero_init", "zero_init_case1")
    assert "you report ['W1', 'b1', 'b2'] as receiving gradient" in r.check("zero_init").feedback[0]
    assert any("should get stuck near" in line for line in r.check("zero_init").feedback)


# --------------------------------------------------------------------------- E02

def test_fold_with_a_fixed_eps(grade_mutant):
    r = grade_mutant("lecture4.E02", "fold.py", "bn.running_var.view(-1) + bn.eps", "bn.running_var.view(-1) + 1e-5")
    lost_all(r, "folded_net_matches_eval_forward", "folded_in_float64", "fold_one_pair", "folded_net_matches_eval_forward_case1")
    assert r.check("folded_net_matches_eval_forward").feedback[0].startswith(
        "the output of folded layers[2] (Linear): ")      # the second BatchNorm has eps 1e-3
    assert r.check("folded_net_matches_eval_forward").feedback[0].endswith(
        "compared with the original network in eval mode on 4096 random inputs")


def test_fold_without_eps(grade_mutant):
    r = grade_mutant("lecture4.E02", "fold.py", "bn.running_var.view(-1) + bn.eps", "bn.running_var.view(-1)")
    assert r.points == 0
    assert r.check("folded_net_matches_eval_forward").feedback[0].startswith(
        "the output of folded layers[0] (Linear): ")


def test_fold_into_the_next_layer(grade_mutant):
    start = "    folded = []\n    for layer in layers:"
    end = "            folded.append(layer)\n    return folded\n"
    from pathlib import Path
    text = (Path(__file__).resolve().parents[2] / "solutions" / "lecture4" / "fold.py").read_text()
    old = text[text.index(start):text.index(end) + len(end)]
    r = grade_mutant("lecture4.E02", "fold.py", old, FOLD_INTO_NEXT)
    lost_all(r, "folded_net_matches_eval_forward")
    # these networks end in a BatchNorm: there is no next Linear at all
    lost_all(r, "folded_in_float64", "folded_net_matches_eval_forward_case1", status=("error",))
    assert r.check("folded_net_matches_eval_forward").feedback[0].startswith(
        "the output of folded layers[0] (Linear): ")


def test_fold_by_tracing_a_batchnorm_left_in_training_mode(grade_mutant):
    start = "    with torch.no_grad():\n        scale"
    end = "    return folded\n    # END SOLUTION\n\n\ndef fold_batchnorm"
    from pathlib import Path
    text = (Path(__file__).resolve().parents[2] / "solutions" / "lecture4" / "fold.py").read_text()
    old = text[text.index(start):text.index(end) + len("    return folded\n")]
    r = grade_mutant("lecture4.E02", "fold.py", old, TRACE_IN_TRAIN_MODE)
    assert r.points == 0
    assert r.check("folded_net_matches_eval_forward").feedback[0].startswith(
        "the output of folded layers[0] (Linear): ")


def test_batchnorm_left_in_place(grade_mutant):
    r = grade_mutant("lecture4.E02", "fold.py", "            linear = folded.pop()  # the Linear right before this "
                     "BatchNorm\n            folded.append(fold(linear, layer))", "            folded.append(layer)")
    lost_all(r, "folded_net_matches_eval_forward", "folded_in_float64", "folded_net_matches_eval_forward_case1")
    assert r.check("folded_net_matches_eval_forward").feedback == [
        "the folded network still contains a BatchNorm1d (layers[1], in training mode): fold each one into the "
        "Linear before it and drop it"]


def test_fold_changes_the_original(grade_mutant):
    r = grade_mutant("lecture4.E02", "fold.py", "        folded.weight = linear.weight * scale\n",
                     "        linear.weight *= scale\n        folded.weight = linear.weight\n")
    lost_all(r, "fold_leaves_its_inputs")
    assert r.check("fold_leaves_its_inputs").feedback == [
        "fold_batchnorm changed the network it was given (layers[0]): build new layers and leave the original as "
        "it was",
        "fold(linear, bn) changed the linear it was given: compute the new weight and bias into a new Linear"]
    assert all(c.status == "passed" for c in r.checks if c.name != "fold_leaves_its_inputs"), r.checks


def test_fold_without_creating_a_bias(grade_mutant):
    r = grade_mutant("lecture4.E02", "fold.py", "folded.bias = (bias - bn.running_mean",
                     "folded.bias = None if linear.bias is None else (bias - bn.running_mean")
    lost_all(r, "folded_net_matches_eval_forward", "folded_in_float64")
    c = r.check("fold_one_pair")
    assert c.points == round(c.max_points / 2, 4)          # the Linear with a bias folds fine
    assert c.feedback == ["fold(linear, bn) for a Linear with no bias has no bias: the folded layer needs one, "
                          "created if the Linear had none"]


# --------------------------------------------------------------------------- the lecture's constants written out

def test_the_notebooks_sizes_in_the_deep_network(grade_mutant):
    """The notebook's 30 inputs written out: right at the lecture's sizes, caught by the public checks at others;
    train() runs with the grader's forward, so forward's slip costs forward_logits only."""
    r = grade_mutant("lecture4.deep", "deep.py", *edited("lecture4", "deep.py", {
        "sizes = [n_embd * block_size]": "sizes = [30]", "x = emb.view(emb.shape[0], -1)": "x = emb.view(-1, 30)"}))
    feedback_is(r, {
        "network_without_batchnorm":
            "build_network(27, 2, 12, 64, 4) has 12383 parameters, expected 11999: layers[0].weight is (30, 64), "
            "expected (24, 64); take the sizes from the arguments",
        "forward_logits":
            "forward (block_size 2, n_embd 7) raised RuntimeError: shape '[-1, 30]' is invalid for input of size 672: "
            "concatenate the embeddings with emb.view(emb.shape[0], -1), not the lecture's 30",
    })
    for name in ("lecture_network", "training_steps", "diagnostics", "training_steps_case1", "diagnostics_case1"):
        assert r.check(name).status == "passed", r.check(name)


def test_batchnorm_with_the_lectures_eps_and_momentum_written_out(grade_mutant):
    eps = grade_mutant("lecture4.layers", "layers.py", "torch.sqrt(xvar + self.eps)", "torch.sqrt(xvar + 1e-5)")
    momentum = grade_mutant("lecture4.layers", "layers.py",
                            "(1 - self.momentum) * self.running_mean + self.momentum * xmean",
                            "0.9 * self.running_mean + 0.1 * xmean")
    feedback_is(eps, {
        "batchnorm_training":
            "BatchNorm1d(x) in training mode: this layer was made with eps=0.001 but normalises with the lecture's "
            "1e-5: use self.eps",
        "batchnorm_eval":
            "BatchNorm1d(x) in eval mode: this layer was made with eps=0.1 but normalises with the lecture's 1e-5: "
            "use self.eps",
    })
    feedback_is(momentum, {
        "batchnorm_training":
            "running_mean after 1 training call(s) is off: this layer was made with momentum=0.3 but moves by the "
            "lecture's 0.1: use self.momentum",
    })
    for r in (eps, momentum):
        assert r.check("linear_layer").status == r.check("tanh_layer").status == "passed"
    assert momentum.check("batchnorm_eval").status == "passed"


def test_zero_init_with_the_lectures_sizes(grade_mutant):
    r = grade_mutant("lecture4.E01", "zero_init.py", *edited("lecture4", "zero_init.py", {
        "torch.zeros((block_size * n_embd, n_hidden))": "torch.zeros((30, 200))", "torch.zeros(n_hidden)":
        "torch.zeros(200)", "torch.zeros((n_hidden, vocab_size))": "torch.zeros((200, 27))"}))
    assert r.check("zero_init").feedback == [
        "train_zero_init(X, Y, steps, n_embd=8, n_hidden=64) with X.shape[1] = 2 raised RuntimeError: mat1 and mat2 "
        "shapes cannot be multiplied (25x16 and 30x200): take every shape from X and the arguments, not the "
        "lecture's sizes"]


def test_fold_batchnorm_edits_the_list(grade_mutant):
    r = grade_mutant("lecture4.E02", "fold.py", "            folded.append(layer)\n    return folded\n",
                     "            folded.append(layer)\n    layers[:] = folded\n    return folded\n")
    assert r.check("fold_leaves_its_inputs").feedback == [
        "fold_batchnorm changed the list it was given: build a new list"]
    assert all(c.status == "passed" for c in r.checks if c.name != "fold_leaves_its_inputs"), r.checks


def test_fold_written_another_way_keeps_full_marks(grade_mutant):
    r = grade_mutant("lecture4.E02", "fold.py", "        folded.weight = linear.weight * scale\n",
                     "        folded.weight = linear.weight @ torch.diag(scale)\n")
    assert r.points == r.max_points, r.checks
