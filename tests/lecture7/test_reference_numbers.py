"""The lecture's own numbers, and the facts the lecture-7 checks rely on, from the reference.

From the lecture (gpt.py in ng-video-lecture): tinyshakespeare has 1115394 characters and
65 distinct ones, "hii there" encodes to [46, 47, 47, 1, 58, 46, 43, 56, 43], the 90%
split leaves 1003854 characters for training, and the final model (n_embd 384, 6 heads,
6 layers, block_size 256) has 10.788929 M parameters. Its printed losses (4.2221 at step
0, 1.48 after 5000 steps on a GPU) are not rerun: they need the lecture's 256-token
batches of 64 for 200 evaluation iterations, far too slow for a CPU test.

What the checks take for granted is pinned here too: the fused attention equals the
per-head MultiHeadAttention with the weights laid out as its docstring says, the KV
cache's greedy tokens equal full recomputation, and the std-0.02 init starts within the
init-loss margin of -log(1/65) while torch's default init does not.
"""
from __future__ import annotations

import math
from pathlib import Path

import pytest
import torch

from tests.conftest import solution_modules

ROOT = Path(__file__).resolve().parents[2]

gpt, fused, kv = vars(solution_modules("lecture7", "gpt", "fused_attention", "kv_cache")).values()


@pytest.fixture(scope="module")
def text() -> str:
    from grader import data
    ds = data.manifest(ROOT / "datasets" / "manifest.yaml")["tinyshakespeare"]
    return data.locate(ds, download=False).read_text()


def test_vocabulary_and_split(text):
    chars = sorted(set(text))
    stoi = {ch: i for i, ch in enumerate(chars)}
    assert len(text) == 1115394 and len(chars) == 65
    assert [stoi[c] for c in "hii there"] == [46, 47, 47, 1, 58, 46, 43, 56, 43]
    assert int(0.9 * len(text)) == 1003854


def test_lecture_model_parameter_count():
    model = gpt.GPTLanguageModel(65, 384, 6, 6, 256, dropout=0.2)
    assert sum(p.numel() for p in model.parameters()) == 10788929      # "10.788929 M parameters"


def test_fused_equals_multihead_with_weights_mapped():
    torch.manual_seed(0)
    mha = gpt.MultiHeadAttention(6, 16, 96, 32).eval()          # the lecture's 6 heads, smaller
    attn = fused.CausalSelfAttention(96, 6, 32).eval()
    with torch.no_grad():
        attn.c_attn.weight.copy_(torch.cat([h.query.weight for h in mha.heads] + [h.key.weight for h in mha.heads]
                                           + [h.value.weight for h in mha.heads]))
        attn.c_proj.load_state_dict(mha.proj.state_dict())
        for T in (32, 7, 1):
            x = torch.randn(2, T, 96)
            torch.testing.assert_close(attn(x), mha(x), atol=1e-5, rtol=1e-4)


def test_check_helpers_map_weights_as_the_docstring_says():
    """The checks' fused_setup lays a MultiHeadAttention's weights into c_attn/c_proj: compare
    with the reference MultiHeadAttention holding the same per-head weights."""
    from grader.checks.lecture7 import fused_setup, inputs, per_head_weights
    w = per_head_weights(7, 32, 4)
    mha = gpt.MultiHeadAttention(4, 8, 32, 16).eval()
    with torch.no_grad():
        for h, q, k, v in zip(mha.heads, w["query"], w["key"], w["value"]):
            h.query.weight.copy_(q), h.key.weight.copy_(k), h.value.weight.copy_(v)
        mha.proj.weight.copy_(w["proj_weight"]), mha.proj.bias.copy_(w["proj_bias"])
        x = inputs(8, 2, 16, 32)
        torch.testing.assert_close(fused_setup(fused, 32, 4, 16, 7)(x), mha(x), atol=1e-5, rtol=1e-4)


def test_kv_cache_generation_equals_full_recomputation():
    from grader.checks.lecture7 import fill
    model = kv.CachedGPT(65, 32, 4, 2, 16)
    fill(model, 3)
    model.eval()
    idx = torch.randint(0, 65, (2, 5), generator=torch.Generator().manual_seed(4))
    full, cached = model.generate(idx, 25), model.generate_cached(idx, 25)     # past block_size
    assert torch.equal(full, cached)
    assert len(set(full[0, 5:].tolist())) > 5          # the seeded weights don't collapse to one token


@pytest.mark.parametrize("config", ["greedy_matches", "past_block_size", "short_prompt", "other"])
def test_kv_checks_generate_varied_tokens(config):
    """Greedy decoding of a random model can lock onto one token, and then a cache that feeds the
    wrong token or position may still produce the same output: the checks' seeds avoid that."""
    from grader.checks.hidden.lecture7.EX4 import KV_OTHER
    from grader.checks.lecture7 import KV, kv_generate_probe
    cfg, seed, B, T0, n = {"greedy_matches": (KV, 62, 2, 4, 10), "past_block_size": (KV, 65, 2, 1, 20),
                           "short_prompt": (KV_OTHER, 151, 3, 1, 15), "other": (KV_OTHER, 144, 1, 2, 9)}[config]
    out = kv_generate_probe(kv, cfg, seed, B, T0, n)["out"][:, T0:]
    for row in out.tolist():
        assert len(set(row)) >= 4, row
        assert not any(row[i] == row[i + 1] == row[i + 2] == row[i + 3] for i in range(len(row) - 3)), row


def test_init_loss_margin_separates_the_two_inits():
    from grader.checks.lecture7 import INIT_MARGIN, UNIFORM_LOSS, shakespeare_batch
    from grader import data
    ds = data.manifest(ROOT / "datasets" / "manifest.yaml")["tinyshakespeare"]
    data._located["tinyshakespeare"] = str(data.locate(ds, download=False))
    x, y = shakespeare_batch(31, 8, 16)
    losses = {}
    for init in ("lecture", "torch default"):
        torch.manual_seed(1337)
        model = gpt.GPTLanguageModel(65, 32, 4, 2, 16)
        if init == "torch default":
            for m in model.modules():
                if hasattr(m, "reset_parameters"):
                    m.reset_parameters()
        losses[init] = model(x, y)[1].item()
    assert UNIFORM_LOSS == pytest.approx(4.1744, abs=1e-4)
    assert abs(losses["lecture"] - UNIFORM_LOSS) < INIT_MARGIN / 2, losses
    assert abs(losses["torch default"] - UNIFORM_LOSS) > INIT_MARGIN, losses
    assert math.isfinite(losses["lecture"])


def test_the_lectures_generate_runs_past_block_size():
    torch.manual_seed(1337)
    model = gpt.GPTLanguageModel(65, 32, 4, 2, 8).eval()
    out = model.generate(torch.zeros((1, 1), dtype=torch.long), max_new_tokens=20)
    assert out.shape == (1, 21) and int(out.max()) < 65

