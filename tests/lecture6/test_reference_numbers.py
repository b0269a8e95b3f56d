"""The lecture's own numbers, reproduced by the reference solution of lecture 6.

makemore_part5_cnn1.ipynb: the block_size-8 split of the names (182625 / 22655 / 22866
examples), the hierarchical model's 76579 parameters (22397 for the smaller n_embd 10,
n_hidden 68 version shown first), the shapes of every layer, BatchNorm's running mean
shaped (1, 1, n_hidden) after the fix, and the first training step's loss, 3.3167, after
``torch.manual_seed(42)``. All of these come out of today's torch exactly as printed in
the notebook. (The 200,000-step training itself is not rerun here.)
"""
from __future__ import annotations

from pathlib import Path

import pytest
import torch
import torch.nn.functional as F

from tests.conftest import solution_modules

ROOT = Path(__file__).resolve().parents[2]

wavenet = solution_modules("lecture6", "wavenet").wavenet


@pytest.fixture(scope="module")
def splits():
    """The lecture's data: names shuffled with random.seed(42), contexts of 8, 80/10/10
    (grader/checks/common.py, the same helpers the checks use)."""
    from grader.checks.common import build_dataset, split
    from grader import data
    ds = data.manifest(ROOT / "datasets" / "manifest.yaml")["names"]
    words = data.locate(ds, download=False).read_text().splitlines()
    return tuple(build_dataset(part, 8) for part in split(words))


def test_split_sizes(splits):
    assert [tuple(X.shape) for X, _ in splits] == [(182625, 8), (22655, 8), (22866, 8)]


def test_parameter_counts():
    count = lambda model: sum(p.nelement() for p in model.parameters())  # noqa: E731
    assert count(wavenet.build_model(27, 8, 24, 128)) == 76579
    assert count(wavenet.build_model(27, 8, 10, 68)) == 22397


def test_layer_shapes():
    torch.manual_seed(42)
    model = wavenet.build_model(27, 8, 24, 128)
    model(torch.randint(0, 27, (4, 8)))
    shapes = [(type(layer).__name__, tuple(layer.out.shape)) for layer in model.layers]
    assert shapes == [
        ("Embedding", (4, 8, 24)),
        ("FlattenConsecutive", (4, 4, 48)), ("Linear", (4, 4, 128)), ("BatchNorm1d", (4, 4, 128)), ("Tanh", (4, 4, 128)),
        ("FlattenConsecutive", (4, 2, 256)), ("Linear", (4, 2, 128)), ("BatchNorm1d", (4, 2, 128)), ("Tanh", (4, 2, 128)),
        ("FlattenConsecutive", (4, 256)), ("Linear", (4, 128)), ("BatchNorm1d", (4, 128)), ("Tanh", (4, 128)),
        ("Linear", (4, 27)),
    ]
    assert tuple(model.layers[3].running_mean.shape) == (1, 1, 128)    # as the lecture shows after the fix


def test_first_step_loss(splits):
    (Xtr, Ytr), _, _ = splits
    torch.manual_seed(42)
    model = wavenet.build_model(27, 8, 24, 128)
    for p in model.parameters():
        p.requires_grad = True
    ix = torch.randint(0, Xtr.shape[0], (32,))
    loss = F.cross_entropy(model(Xtr[ix]), Ytr[ix])
    assert loss.item() == pytest.approx(3.3167, abs=5e-5)           # "0/ 200000: 3.3167"


def test_flatten_consecutive_is_the_lectures_view():
    x = torch.arange(2 * 8 * 3).float().view(2, 8, 3)
    out = wavenet.FlattenConsecutive(2)(x)
    assert torch.equal(out, torch.cat([x[:, ::2, :], x[:, 1::2, :]], dim=2))   # the lecture's explicit form
