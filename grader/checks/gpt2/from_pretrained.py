"""The public checks of gpt2.from_pretrained: a Hugging Face GPT-2 state dict, made here at a small
size with the grader's seeded values (transformers isn't needed to grade, nor the real weights),
loaded by the learner's ``GPT.from_pretrained`` given the state dict or a module holding it, in
the layout of transformers 4.x (with the ``.attn.bias``/``.attn.masked_bias`` buffers) and 5.x
(without). Judged weight by weight against the values the grader put in."""
from __future__ import annotations

import torch
import torch.nn as nn

from grader.check import check
from grader.checks.common import error_line
from grader.checks.gpt2 import BUFFERS, CONV1D, SMALL, filled, weights
from grader.judge import close, failed, passed

TRANSPOSE_HINT = ("Hugging Face's Conv1D weights are (in, out), nn.Linear's (out, in): transpose every "
                  "attn.c_attn, attn.c_proj, mlp.c_fc and mlp.c_proj weight when loading (the square ones too)")


class HFModel(nn.Module):
    """Stands for a GPT2LMHeadModel: a module whose ``state_dict()`` is Hugging Face's."""

    def __init__(self, state):
        super().__init__()
        self.hf_state = state

    def state_dict(self, *args, **kwargs):
        return dict(self.hf_state)


def hf_state(cfg: dict, seed: int, buffers: bool) -> dict:
    """The grader's seeded GPT as Hugging Face stores it: Conv1D weights transposed, and in the
    4.x layout each block's causal-mask buffers too."""
    state = {}
    for k, v in filled(cfg, seed).state_dict().items():
        state[k] = v.t().contiguous() if k.endswith(CONV1D) else v.clone()
        if buffers and k.endswith(".attn.c_attn.weight"):
            T = cfg["block_size"]
            prefix = k[:-len("c_attn.weight")]
            state[prefix + "bias"] = torch.tril(torch.ones(T, T, dtype=torch.bool)).view(1, 1, T, T)
            state[prefix + "masked_bias"] = torch.tensor(-1e4)
    return state


def load_probe(sub, cfg: dict, seed: int, buffers: bool, as_module: bool) -> dict:
    state = hf_state(cfg, seed, buffers)
    source = HFModel(state) if as_module else state
    try:
        model = sub.GPT.from_pretrained(source, sub.GPTConfig(**cfg))
    except NotImplementedError:
        raise
    except Exception as e:  # an assert on key counts or shapes: the learner's own message, as data
        return {"raised": error_line(e)}
    return {"state": weights(model.state_dict())}


def weights_loaded(got, cfg, seed, buffers):
    """Every weight as the grader put it in; a Conv1D weight left (in, out) or reshaped is named."""
    if "raised" in got:
        hint = (f": skip Hugging Face's buffers by suffix ({', '.join(BUFFERS)}), they are not weights"
                if buffers else "")
        return failed(f"from_pretrained raised {got['raised']}{hint}")
    want = weights(filled(cfg, seed).state_dict())
    for k, w in want.items():
        g = got["state"].get(k)
        if g is None:
            return failed(f"the loaded model has no {k}")
        if k.endswith(CONV1D) and g.shape == w.shape and not torch.equal(g, w):
            if torch.equal(g, w.t()):
                return failed(f"{k} was copied as Hugging Face stores it: {TRANSPOSE_HINT}")
            if torch.equal(g, w.t().reshape(w.shape)):
                return failed(f"{k} was reshaped (view) into nn.Linear's shape, which scrambles it: {TRANSPOSE_HINT}")
        v = close(g, w, f"the loaded {k}", atol=0, rtol=0)
        if not v:
            return v
    return passed()


@check(weight=2, case=dict(cfg=SMALL, seed=21, buffers=True, as_module=False))
def state_dict_4x(sub, cfg, seed, buffers, as_module):
    return load_probe(sub, cfg, seed, buffers, as_module)


@check(weight=2, case=dict(cfg=SMALL, seed=22, buffers=False, as_module=True))
def model_5x(sub, cfg, seed, buffers, as_module):
    return load_probe(sub, cfg, seed, buffers, as_module)


state_dict_4x.judge(weights_loaded)
model_5x.judge(weights_loaded)
