"""Let's reproduce GPT-2 (124M): the model, as in build-nanogpt's train_gpt2.py.

Every name follows Hugging Face's GPT-2, so that its weights load by name:
``transformer.wte`` (token embedding), ``transformer.wpe`` (position embedding),
``transformer.h.N`` (the blocks: ``ln_1``, ``attn.c_attn``, ``attn.c_proj``, ``ln_2``,
``mlp.c_fc``, ``mlp.c_proj``), ``transformer.ln_f`` and ``lm_head`` (no bias). Every Linear
but ``lm_head`` has a bias. GPT-2 (124M) is ``GPTConfig()``: 124,475,904 parameters at
``vocab_size=50304`` (tied head counted once).
"""
import math
from dataclasses import dataclass

import torch
import torch.nn as nn
from torch.nn import functional as F


@dataclass
class GPTConfig:
    block_size: int = 1024   # max sequence length
    vocab_size: int = 50304  # 50,257 GPT-2 tokens, padded to a multiple of 64
    n_layer: int = 12
    n_head: int = 12
    n_embd: int = 768


class CausalSelfAttention(nn.Module):
    """All heads at once: ``c_attn`` (n_embd -> 3 * n_embd) makes q, k, v (in that order), the
    heads are a batch dimension (B, n_head, T, head_size), scores scaled by head_size**-0.5 and
    masked causally, then ``c_proj`` (n_embd -> n_embd). ``c_proj.NANOGPT_SCALE_INIT = 1``
    marks it as a residual projection for the init."""

    def __init__(self, config):
        super().__init__()
        raise NotImplementedError

    def forward(self, x):
        raise NotImplementedError


class MLP(nn.Module):
    """``c_fc`` (n_embd -> 4 * n_embd), GELU with the tanh approximation (as GPT-2 was trained),
    ``c_proj`` (4 * n_embd -> n_embd, a residual projection: ``NANOGPT_SCALE_INIT = 1``)."""

    def __init__(self, config):
        super().__init__()
        raise NotImplementedError

    def forward(self, x):
        raise NotImplementedError


class Block(nn.Module):
    """Pre-norm residual block: ``x + attn(ln_1(x))``, then ``x + mlp(ln_2(x))``."""

    def __init__(self, config):
        super().__init__()
        raise NotImplementedError

    def forward(self, x):
        raise NotImplementedError


class GPT(nn.Module):
    """GPT-2: ``transformer = nn.ModuleDict(wte, wpe, h, ln_f)`` and ``lm_head``, whose weight *is*
    ``transformer.wte.weight`` (weight tying: one tensor, counted once)."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        raise NotImplementedError
        self.apply(self._init_weights)

    def _init_weights(self, module):
        """GPT-2's init: Linear weights and embeddings ~ N(0, 0.02²), except that the residual
        projections (``NANOGPT_SCALE_INIT``) get std 0.02 * (2 * n_layer)**-0.5, so that the two
        residual additions of each of the n_layer blocks don't grow the stream's variance;
        Linear biases zero. LayerNorm keeps torch's init (weight 1, bias 0)."""
        raise NotImplementedError

    def forward(self, idx, targets=None):
        """idx (B, T) token ids, T <= block_size -> (logits (B, T, vocab_size), loss or None):
        the cross-entropy of ``targets`` (B, T) where they are given."""
        raise NotImplementedError

    @classmethod
    def from_pretrained(cls, source, config=None):
        """A GPT holding Hugging Face GPT-2 weights. ``source`` is a model name ("gpt2",
        "gpt2-medium", "gpt2-large", "gpt2-xl", downloaded by ``transformers``), or, with the
        ``config`` it was made with, a ``GPT2LMHeadModel`` or its ``state_dict()``.

        Hugging Face's checkpoint comes from OpenAI's TensorFlow code, whose ``Conv1D`` layers
        keep their weights as (in, out), transposed from ``nn.Linear``'s (out, in): every
        ``attn.c_attn``, ``attn.c_proj``, ``mlp.c_fc`` and ``mlp.c_proj`` weight must be
        transposed when copied (the square ``attn.c_proj`` too). Its state dict may hold the
        buffers ``.attn.bias`` and ``.attn.masked_bias`` (transformers 4.x, not 5): not weights,
        skip them by suffix; ours holds ``.attn.bias`` (the mask), which is skipped too.
        """
        if isinstance(source, str):
            from transformers import GPT2LMHeadModel
            config = GPTConfig(vocab_size=50257, block_size=1024, **{
                "gpt2": dict(n_layer=12, n_head=12, n_embd=768),
                "gpt2-medium": dict(n_layer=24, n_head=16, n_embd=1024),
                "gpt2-large": dict(n_layer=36, n_head=20, n_embd=1280),
                "gpt2-xl": dict(n_layer=48, n_head=25, n_embd=1600),
            }[source])
            source = GPT2LMHeadModel.from_pretrained(source)
        sd_hf = source.state_dict() if isinstance(source, nn.Module) else source
        model = cls(config)
        raise NotImplementedError
        return model

    def configure_optimizers(self, weight_decay, learning_rate, device_type):
        """AdamW with betas (0.9, 0.95) and eps 1e-8, in two groups: every parameter tensor of
        dim >= 2 (matrices, embeddings) decays by ``weight_decay``, the others (biases, LayerNorm
        weights) not at all. ``fused=True`` when ``device_type`` is "cuda" (one kernel for all the
        parameters instead of a loop over them)."""
        raise NotImplementedError
