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
        # BEGIN SOLUTION
        assert config.n_embd % config.n_head == 0
        self.c_attn = nn.Linear(config.n_embd, 3 * config.n_embd)
        self.c_proj = nn.Linear(config.n_embd, config.n_embd)
        self.c_proj.NANOGPT_SCALE_INIT = 1
        self.n_head = config.n_head
        self.n_embd = config.n_embd
        # the causal mask, named as in Hugging Face's GPT-2 (not a parameter: loading skips it)
        self.register_buffer("bias", torch.tril(torch.ones(config.block_size, config.block_size))
                             .view(1, 1, config.block_size, config.block_size))
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        k = k.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)  # (B, nh, T, hs)
        q = q.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        v = v.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float("-inf"))
        att = F.softmax(att, dim=-1)
        y = att @ v  # (B, nh, T, hs)
        y = y.transpose(1, 2).contiguous().view(B, T, C)  # heads side by side again
        return self.c_proj(y)
        # END SOLUTION


class MLP(nn.Module):
    """``c_fc`` (n_embd -> 4 * n_embd), GELU with the tanh approximation (as GPT-2 was trained),
    ``c_proj`` (4 * n_embd -> n_embd, a residual projection: ``NANOGPT_SCALE_INIT = 1``)."""

    def __init__(self, config):
        super().__init__()
        # BEGIN SOLUTION
        self.c_fc = nn.Linear(config.n_embd, 4 * config.n_embd)
        self.gelu = nn.GELU(approximate="tanh")
        self.c_proj = nn.Linear(4 * config.n_embd, config.n_embd)
        self.c_proj.NANOGPT_SCALE_INIT = 1
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        return self.c_proj(self.gelu(self.c_fc(x)))
        # END SOLUTION


class Block(nn.Module):
    """Pre-norm residual block: ``x + attn(ln_1(x))``, then ``x + mlp(ln_2(x))``."""

    def __init__(self, config):
        super().__init__()
        # BEGIN SOLUTION
        self.ln_1 = nn.LayerNorm(config.n_embd)
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config.n_embd)
        self.mlp = MLP(config)
        # END SOLUTION

    def forward(self, x):
        # BEGIN SOLUTION
        x = x + self.attn(self.ln_1(x))
        x = x + self.mlp(self.ln_2(x))
        return x
        # END SOLUTION


class GPT(nn.Module):
    """GPT-2: ``transformer = nn.ModuleDict(wte, wpe, h, ln_f)`` and ``lm_head``, whose weight *is*
    ``transformer.wte.weight`` (weight tying: one tensor, counted once)."""

    def __init__(self, config):
        super().__init__()
        self.config = config
        # BEGIN SOLUTION
        self.transformer = nn.ModuleDict(dict(
            wte=nn.Embedding(config.vocab_size, config.n_embd),
            wpe=nn.Embedding(config.block_size, config.n_embd),
            h=nn.ModuleList([Block(config) for _ in range(config.n_layer)]),
            ln_f=nn.LayerNorm(config.n_embd),
        ))
        self.lm_head = nn.Linear(config.n_embd, config.vocab_size, bias=False)
        self.transformer.wte.weight = self.lm_head.weight  # weight sharing
        # END SOLUTION
        self.apply(self._init_weights)

    def _init_weights(self, module):
        """GPT-2's init: Linear weights and embeddings ~ N(0, 0.02²), except that the residual
        projections (``NANOGPT_SCALE_INIT``) get std 0.02 * (2 * n_layer)**-0.5, so that the two
        residual additions of each of the n_layer blocks don't grow the stream's variance;
        Linear biases zero. LayerNorm keeps torch's init (weight 1, bias 0)."""
        # BEGIN SOLUTION
        if isinstance(module, nn.Linear):
            std = 0.02
            if hasattr(module, "NANOGPT_SCALE_INIT"):
                std *= (2 * self.config.n_layer) ** -0.5
            torch.nn.init.normal_(module.weight, mean=0.0, std=std)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
        # END SOLUTION

    def forward(self, idx, targets=None):
        """idx (B, T) token ids, T <= block_size -> (logits (B, T, vocab_size), loss or None):
        the cross-entropy of ``targets`` (B, T) where they are given."""
        # BEGIN SOLUTION
        B, T = idx.size()
        assert T <= self.config.block_size, f"sequence of length {T} > block_size {self.config.block_size}"
        pos = torch.arange(0, T, dtype=torch.long, device=idx.device)
        x = self.transformer.wte(idx) + self.transformer.wpe(pos)
        for block in self.transformer.h:
            x = block(x)
        x = self.transformer.ln_f(x)
        logits = self.lm_head(x)  # (B, T, vocab_size)
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(-1, logits.size(-1)), targets.view(-1))
        return logits, loss
        # END SOLUTION

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
        # BEGIN SOLUTION
        sd = model.state_dict()
        sd_keys = [k for k in sd if not k.endswith(".attn.bias")]
        sd_keys_hf = [k for k in sd_hf if not k.endswith((".attn.masked_bias", ".attn.bias"))]
        transposed = ["attn.c_attn.weight", "attn.c_proj.weight", "mlp.c_fc.weight", "mlp.c_proj.weight"]
        assert len(sd_keys_hf) == len(sd_keys), f"mismatched keys: {len(sd_keys_hf)} != {len(sd_keys)}"
        for k in sd_keys_hf:
            if any(k.endswith(w) for w in transposed):
                assert sd_hf[k].shape[::-1] == sd[k].shape
                with torch.no_grad():
                    sd[k].copy_(sd_hf[k].t())
            else:
                assert sd_hf[k].shape == sd[k].shape
                with torch.no_grad():
                    sd[k].copy_(sd_hf[k])
        # END SOLUTION
        return model

    def configure_optimizers(self, weight_decay, learning_rate, device_type):
        """AdamW with betas (0.9, 0.95) and eps 1e-8, in two groups: every parameter tensor of
        dim >= 2 (matrices, embeddings) decays by ``weight_decay``, the others (biases, LayerNorm
        weights) not at all. ``fused=True`` when ``device_type`` is "cuda" (one kernel for all the
        parameters instead of a loop over them)."""
        # BEGIN SOLUTION
        param_dict = {pn: p for pn, p in self.named_parameters() if p.requires_grad}
        decay_params = [p for p in param_dict.values() if p.dim() >= 2]
        nodecay_params = [p for p in param_dict.values() if p.dim() < 2]
        optim_groups = [
            {"params": decay_params, "weight_decay": weight_decay},
            {"params": nodecay_params, "weight_decay": 0.0},
        ]
        use_fused = device_type == "cuda"  # every AdamW of torch >= 2.0 takes fused=
        return torch.optim.AdamW(optim_groups, lr=learning_rate, betas=(0.9, 0.95), eps=1e-8, fused=use_fused)
        # END SOLUTION
