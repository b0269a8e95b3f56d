"""Lecture 7, exercise 4: a KV cache for fast generation.

``generate`` recomputes the whole context for every new token, although the keys and
values of the earlier positions never change: causal attention lets no position see a
later one. A KV cache keeps each block's keys and values; then each step feeds the model
only the newest token, which attends to the cached keys and values and its own. Greedy
generation with the cache must give exactly the tokens of full recomputation.

Given (read them first): ``CachedSelfAttention.__init__`` (the fused attention of EX1:
``c_attn``, ``c_proj``, the ``tril`` mask), ``Block`` (pre-norm, passing each block's cache
through), ``CachedGPT.__init__`` and ``CachedGPT.generate`` (greedy, full recomputation:
the baseline). You write the cached attention, the model's forward with a cache, and
``generate_cached``.

A cache is a list with one ``(k, v)`` pair per block, each of shape
(B, n_head, T_past, head_size): the keys and values of the T_past tokens seen so far.
"""
import torch
import torch.nn as nn
from torch.nn import functional as F


class CachedSelfAttention(nn.Module):
    """Causal self-attention over all heads at once (EX1) that can continue from a cache."""

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        assert n_embd % n_head == 0
        self.n_head = n_head
        self.n_embd = n_embd
        self.c_attn = nn.Linear(n_embd, 3 * n_embd, bias=False)  # q, k, v of all heads
        self.c_proj = nn.Linear(n_embd, n_embd)
        self.register_buffer("tril", torch.tril(torch.ones(block_size, block_size)))

    def forward(self, x, cache=None):
        """``x`` (B, T, n_embd): the T newest tokens -> ``(y, (k, v))``.

        ``cache`` is None (these are the first tokens) or ``(k_past, v_past)``, each
        (B, n_head, T_past, head_size), for the T_past tokens before them. Compute q, k, v
        of the new tokens as in EX1 (heads as a batch dimension), append the new keys and
        values to the cached ones (along the time dimension), and let the new token at
        position ``T_past + i`` attend to every key at positions ``<= T_past + i``, scaled by
        ``head_size**-0.5``. Returns ``y`` (B, T, n_embd) after ``c_proj``, and the keys and
        values of all ``T_past + T`` tokens as the new cache. T_past + T <= block_size.
        """
        # BEGIN SOLUTION
        B, T, C = x.size()
        hs = C // self.n_head
        q, k, v = self.c_attn(x).split(self.n_embd, dim=2)
        q = q.view(B, T, self.n_head, hs).transpose(1, 2)  # (B, nh, T, hs)
        k = k.view(B, T, self.n_head, hs).transpose(1, 2)
        v = v.view(B, T, self.n_head, hs).transpose(1, 2)
        if cache is not None:
            k = torch.cat((cache[0], k), dim=2)  # (B, nh, T_past + T, hs)
            v = torch.cat((cache[1], v), dim=2)
        past = k.size(2) - T
        att = (q @ k.transpose(-2, -1)) * hs**-0.5  # (B, nh, T, T_past + T)
        att = att.masked_fill(self.tril[past:past + T, :past + T] == 0, float('-inf'))
        att = F.softmax(att, dim=-1)
        y = (att @ v).transpose(1, 2).contiguous().view(B, T, C)
        return self.c_proj(y), (k, v)
        # END SOLUTION


class Block(nn.Module):
    """Given: a pre-norm Transformer block whose attention reads and extends a cache."""

    def __init__(self, n_embd, n_head, block_size):
        super().__init__()
        self.ln1 = nn.LayerNorm(n_embd)
        self.sa = CachedSelfAttention(n_embd, n_head, block_size)
        self.ln2 = nn.LayerNorm(n_embd)
        self.ffwd = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd))

    def forward(self, x, cache=None):
        """(B, T, n_embd) and this block's cache (or None) -> (B, T, n_embd) and its new cache."""
        a, cache = self.sa(self.ln1(x), cache)
        x = x + a
        x = x + self.ffwd(self.ln2(x))
        return x, cache


class CachedGPT(nn.Module):
    """The GPT of the lecture, with fused attention and a KV cache; no dropout.

    ``CachedGPT(vocab_size, n_embd, n_head, n_layer, block_size)``: ``token_embedding_table``,
    ``position_embedding_table`` (block_size rows), ``blocks`` (an ``nn.ModuleList`` of
    ``Block``), ``ln_f``, ``lm_head``.
    """

    def __init__(self, vocab_size, n_embd, n_head, n_layer, block_size):
        super().__init__()
        self.block_size = block_size
        self.token_embedding_table = nn.Embedding(vocab_size, n_embd)
        self.position_embedding_table = nn.Embedding(block_size, n_embd)
        self.blocks = nn.ModuleList([Block(n_embd, n_head, block_size) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.lm_head = nn.Linear(n_embd, vocab_size)

    def forward(self, idx, cache=None):
        """``idx`` (B, T): the T newest tokens -> ``(logits, cache)``.

        ``cache`` is None (``idx`` starts the sequence) or the cache the previous call
        returned (one ``(k, v)`` per block) for the T_past tokens before ``idx``. The tokens
        of ``idx`` sit at positions ``T_past .. T_past + T - 1``: add those position
        embeddings, run every block with its own part of the cache, then ``ln_f`` and
        ``lm_head``. Returns logits (B, T, vocab_size) and the new cache (one (k, v) per
        block, T_past + T long). With ``cache=None`` this is the ordinary full forward pass.
        """
        # BEGIN SOLUTION
        B, T = idx.shape
        past = 0 if cache is None else cache[0][0].size(2)
        pos = torch.arange(past, past + T, device=idx.device)
        x = self.token_embedding_table(idx) + self.position_embedding_table(pos)
        new_cache = []
        for i, block in enumerate(self.blocks):
            x, block_cache = block(x, None if cache is None else cache[i])
            new_cache.append(block_cache)
        return self.lm_head(self.ln_f(x)), new_cache
        # END SOLUTION

    @torch.no_grad()
    def generate(self, idx, max_new_tokens):
        """Given: greedy generation by full recomputation, the baseline the cache must match."""
        for _ in range(max_new_tokens):
            logits, _ = self(idx[:, -self.block_size:])
            idx_next = logits[:, -1, :].argmax(dim=-1, keepdim=True)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx

    @torch.no_grad()
    def generate_cached(self, idx, max_new_tokens):
        """Greedy generation with the KV cache: the same (B, T + max_new_tokens) as ``generate``.

        Feed the prompt (its last ``block_size`` tokens) once to fill the cache, then each
        step feed only the newest token with the cache. Pick each token with
        ``argmax`` of the last position's logits, as ``generate`` does. The position table
        ends at ``block_size``: once the sequence is longer than that, the window slides
        and every cached position shifts, so from then on refill the cache from the last
        ``block_size`` tokens at each step.
        """
        # BEGIN SOLUTION
        cache = None
        for _ in range(max_new_tokens):
            if cache is None or idx.size(1) > self.block_size:
                logits, cache = self(idx[:, -self.block_size:])  # (re)fill the cache from the window
            else:
                logits, cache = self(idx[:, -1:], cache)  # only the newest token
            idx_next = logits[:, -1, :].argmax(dim=-1, keepdim=True)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx
        # END SOLUTION
