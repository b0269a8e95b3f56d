"""The lecture's own numbers, reproduced by the reference solutions of lecture 4.

The deep network of the lecture's last part (six Linear layers with BatchNorm, n_embd
10, n_hidden 100, the generator seeded 2147483647 for the init and the minibatches)
is fully deterministic on the CPU, and today's torch reproduces every number the
notebook printed: 47024 parameters, a first loss of 3.2870, and after its 1001 steps
(the loop breaks at i >= 1000) the activation and gradient statistics and the
train/val losses to the last printed digit. Note that the notebook's final cell uses a
gain of 1.0 ("layer.weight *= 1.0 #5/3"): with BatchNorm the gain hardly matters,
which is the lecture's point; build_network defaults to the Kaiming gain 5/3.
"""
from __future__ import annotations

import pytest
import torch
import torch.nn.functional as F

from grader.checks.common import build_dataset, generator, split
from tests.conftest import solution_modules

layers, deep, zero_init, fold = vars(solution_modules("lecture4", "layers", "deep", "zero_init", "fold")).values()


@pytest.fixture(scope="module")
def splits(words):
    """(X, Y) of the lecture's train, dev and test splits (block_size 3), by the grader's own helpers."""
    return tuple(build_dataset(part, 3) for part in split(words))


def test_split_sizes(splits):
    assert [X.shape[0] for X, _ in splits] == [182625, 22655, 22866]


def test_parameter_count_and_first_loss(splits):
    (Xtr, Ytr), _, _ = splits
    g = generator()
    C, net = deep.build_network(gain=1.0, generator=g)
    assert sum(p.nelement() for p in deep.parameters(C, net)) == 47024
    assert [type(layer).__name__ for layer in net] == ["Linear", "BatchNorm1d", "Tanh"] * 5 + ["Linear", "BatchNorm1d"]
    lossi, ud = deep.train(C, net, Xtr, Ytr, 1, generator=g)
    assert lossi[0] == pytest.approx(3.2870, abs=5e-5)          # the notebook: "0/ 200000: 3.2870"
    assert len(ud) == 1 and len(ud[0]) == 1 + 6 + 2 * 6


def test_kaiming_gain_on_the_weights():
    g = generator()
    C, net = deep.build_network(batchnorm=False, generator=g)
    first = net[0].weight
    assert first.std().item() == pytest.approx((5 / 3) / 30**0.5, rel=0.05)     # 0.3043, the lecture's (5/3)/sqrt(30)
    assert net[-1].weight.std().item() == pytest.approx(0.1 / 100**0.5, rel=0.1)  # last layer made less confident


def test_uniform_loss_at_init():
    """With the output BatchNorm's gamma at 0.1 the first predictions are near uniform: -log(1/27) = 3.2958."""
    g = generator()
    C, net = deep.build_network(generator=g)
    X = torch.randint(0, 27, (512, 3), generator=g)
    probs = F.softmax(deep.forward(C, net, X), dim=1)
    assert (probs.max(1).values < 0.2).all()


@pytest.mark.slow
def test_lecture_diagnostics_after_1001_steps(splits):
    """The notebook's printed statistics after its training loop broke at step 1000 (about a minute on a CPU)."""
    (Xtr, Ytr), (Xdev, Ydev), _ = splits
    g = generator()
    C, net = deep.build_network(gain=1.0, generator=g)
    deep.train(C, net, Xtr, Ytr, 1001, generator=g)
    acts = deep.activation_stats(net)
    assert [a["layer"] for a in acts] == [2, 5, 8, 11, 14]
    assert [f"{a['std']:.2f} {a['saturated']:.2f}" for a in acts] == \
        ["0.63 2.78", "0.64 2.56", "0.65 2.25", "0.65 1.69", "0.65 1.88"]
    grads = deep.gradient_stats(net)
    assert [g["std"] for g in grads] == pytest.approx([2.640702e-03, 2.245584e-03, 2.045742e-03, 1.983134e-03,
                                                       1.952382e-03], rel=1e-5)
    for layer in net:
        layer.training = False
    with torch.no_grad():
        train = F.cross_entropy(deep.forward(C, net, Xtr), Ytr).item()
        val = F.cross_entropy(deep.forward(C, net, Xdev), Ydev).item()
    assert (train, val) == pytest.approx((2.4002976417541504, 2.3982467651367188), abs=1e-5)


def test_zero_init_only_the_output_bias_learns(splits):
    (Xtr, Ytr), _, _ = splits
    result = zero_init.train_zero_init(Xtr[:5000], Ytr[:5000], 1, generator=generator())
    assert result["receives_grad"] == ["b2"]


@pytest.mark.slow
def test_zero_init_gets_stuck_at_the_unigram_loss(splits):
    """Only b2 trains, so the network can learn no more than how often each character comes next.

    Not a number from the video (E01 is one of its exercises): 1000 steps reach 2.8337 on
    the training set, just above the entropy of the next-character distribution, 2.8226,
    while the working network of the lecture goes below 2.1.
    """
    (Xtr, Ytr), _, _ = splits
    result = zero_init.train_zero_init(Xtr, Ytr, 1000, generator=generator())
    assert result["receives_grad"] == ["b2"]
    assert result["loss"] == pytest.approx(2.8337, abs=1e-4)
    p = torch.bincount(Ytr, minlength=27).double() / len(Ytr)
    assert -(p * p.log()).sum().item() == pytest.approx(2.8226, abs=1e-4)


def test_batchnorm_running_buffers_take_the_batch_shape():
    """The lecture's buffers become (1, dim) after a training step (keepdim=True); fold() copes with both."""
    bn = layers.BatchNorm1d(4)
    bn(torch.randn(8, 4))
    assert bn.running_mean.shape == (1, 4) and bn.running_var.shape == (1, 4)
    lin = layers.Linear(3, 4, bias=False)
    bn.training = False
    x = torch.randn(5, 3)
    assert torch.allclose(fold.fold(lin, bn)(x), bn(lin(x)), atol=1e-6)
