"""Given: the GPT of lecture 7, for the addition exercises (nothing to write here).

These are the lecture's modules, exactly as lecture7/gpt.py asks you to write them:
``Head``, ``MultiHeadAttention``, ``FeedForward``, ``LayerNorm``, ``Block`` and
``GPTLanguageModel(vocab_size, n_embd, n_head, n_layer, block_size, dropout=0.0)``. They
sit here so that this folder stands alone: the grader imports only this folder. You may
paste your own lecture-7 versions over them, as long as the parameter names stay the
same: the grader rebuilds your trained model from its ``state_dict()`` with its own copy
of this code and decodes the answers itself.

Note the loss in ``forward``: ``F.cross_entropy(logits, targets)`` without
``ignore_index``, as in the lecture. The addition exercise masks the prompt's targets
with -1, which this loss rejects ("Target -1 is out of bounds"): compute the masked loss
yourself in ``train_model``, from the logits, with ``ignore_index=-1``.
"""
import torch
import torch.nn as nn
from torch.nn import functional as F


class Head(nn.Module):
    """One head of causal self-attention.

    ``Head(head_size, n_embd, block_size, dropout=0.0)`` has three linear maps without
    bias, ``key``, ``query`` and ``value`` (``nn.Linear(n_embd, head_size, bias=False)``),
    a buffer ``tril = torch.tril(torch.ones(block_size, block_size))`` (registered with
    ``register_buffer``) and ``dropout = nn.Dropout(dropout)``.

    ``forward(x)``: ``x`` is (B, T, n_embd) with T <= block_size; returns (B, T, head_size).
    The affinities ``q @ k.transpose(-2, -1)`` are scaled by ``head_size**-0.5``, positions
    in the future are masked with ``-inf`` (``tril[:T, :T] == 0``) before the softmax over
    the last dimension, the weights go through dropout, and the output is ``wei @ v``.
    The output at position t must depend only on the inputs at positions <= t.
    """

    def __init__(self, head_size, n_embd, block_size, dropout=0.0):
        super().__init__()
        self.key = nn.Linear(n_embd, head_size, bias=False)
        self.query = nn.Linear(n_embd, head_size, bias=False)
        self.value = nn.Linear(n_embd, head_size, bias=False)
        self.register_buffer('tril', torch.tril(torch.ones(block_size, block_size)))
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        B, T, C = x.shape
        k = self.key(x)  # (B,T,hs)
        q = self.query(x)  # (B,T,hs)
        # compute attention scores ("affinities")
        wei = q @ k.transpose(-2, -1) * k.shape[-1]**-0.5  # (B, T, hs) @ (B, hs, T) -> (B, T, T)
        wei = wei.masked_fill(self.tril[:T, :T] == 0, float('-inf'))  # (B, T, T)
        wei = F.softmax(wei, dim=-1)  # (B, T, T)
        wei = self.dropout(wei)
        # perform the weighted aggregation of the values
        v = self.value(x)  # (B,T,hs)
        out = wei @ v  # (B, T, T) @ (B, T, hs) -> (B, T, hs)
        return out


class MultiHeadAttention(nn.Module):
    """Several heads of self-attention in parallel.

    ``MultiHeadAttention(num_heads, head_size, n_embd, block_size, dropout=0.0)`` has
    ``heads = nn.ModuleList([Head(head_size, n_embd, block_size, dropout) ...])`` (num_heads
    of them), ``proj = nn.Linear(head_size * num_heads, n_embd)`` and
    ``dropout = nn.Dropout(dropout)``.

    ``forward(x)``: (B, T, n_embd) -> (B, T, n_embd): the heads' outputs concatenated on
    the last dimension (head 0 first), then ``proj``, then dropout.
    """

    def __init__(self, num_heads, head_size, n_embd, block_size, dropout=0.0):
        super().__init__()
        self.heads = nn.ModuleList([Head(head_size, n_embd, block_size, dropout) for _ in range(num_heads)])
        self.proj = nn.Linear(head_size * num_heads, n_embd)
        self.dropout = nn.Dropout(dropout)

    def forward(self, x):
        out = torch.cat([h(x) for h in self.heads], dim=-1)
        out = self.dropout(self.proj(out))
        return out


class FeedForward(nn.Module):
    """A simple linear layer followed by a non-linearity, applied to each position alone.

    ``FeedForward(n_embd, dropout=0.0)`` has ``net = nn.Sequential(nn.Linear(n_embd,
    4 * n_embd), nn.ReLU(), nn.Linear(4 * n_embd, n_embd), nn.Dropout(dropout))``;
    ``forward(x)`` is ``net(x)``, (B, T, n_embd) -> (B, T, n_embd).
    """

    def __init__(self, n_embd, dropout=0.0):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(n_embd, 4 * n_embd),
            nn.ReLU(),
            nn.Linear(4 * n_embd, n_embd),
            nn.Dropout(dropout),
        )

    def forward(self, x):
        return self.net(x)


class LayerNorm(nn.Module):
    """Layer normalisation, by hand: normalise each position's vector over its features.

    ``LayerNorm(dim, eps=1e-5)`` has parameters ``weight = nn.Parameter(torch.ones(dim))``
    and ``bias = nn.Parameter(torch.zeros(dim))`` (the lecture's gamma and beta, under
    torch's names) and keeps ``eps``.

    ``forward(x)``: for ``x`` of shape (..., dim), the mean and the *biased* variance
    (``unbiased=False``, as ``nn.LayerNorm`` does) over the last dimension, with
    ``keepdim=True``; ``xhat = (x - mean) / sqrt(var + eps)``; returns
    ``weight * xhat + bias``. No running statistics: train and eval are the same.
    It must equal ``torch.nn.LayerNorm(dim, eps)`` with the same weight and bias.
    """

    def __init__(self, dim, eps=1e-5):
        super().__init__()
        self.eps = eps
        self.weight = nn.Parameter(torch.ones(dim))
        self.bias = nn.Parameter(torch.zeros(dim))

    def forward(self, x):
        xmean = x.mean(-1, keepdim=True)  # mean over the features of each position
        xvar = x.var(-1, keepdim=True, unbiased=False)  # biased variance, as nn.LayerNorm
        xhat = (x - xmean) / torch.sqrt(xvar + self.eps)  # normalize to unit variance
        return self.weight * xhat + self.bias


class Block(nn.Module):
    """Transformer block: communication (attention) followed by computation (feed-forward).

    ``Block(n_embd, n_head, block_size, dropout=0.0)``: ``head_size = n_embd // n_head``;
    ``sa = MultiHeadAttention(n_head, head_size, n_embd, block_size, dropout)``,
    ``ffwd = FeedForward(n_embd, dropout)``, ``ln1 = LayerNorm(n_embd)`` and
    ``ln2 = LayerNorm(n_embd)`` (your own LayerNorm).

    ``forward(x)``: (B, T, n_embd) -> (B, T, n_embd), with *pre-norm* residual
    connections, as in the lecture (and GPT-2): the normalisation is applied to the input
    of each sub-layer, and the sub-layer's output is added to the residual stream
    ``x``: first through ``ln1`` and ``sa``, then through ``ln2`` and ``ffwd``.
    """

    def __init__(self, n_embd, n_head, block_size, dropout=0.0):
        super().__init__()
        head_size = n_embd // n_head
        self.sa = MultiHeadAttention(n_head, head_size, n_embd, block_size, dropout)
        self.ffwd = FeedForward(n_embd, dropout)
        self.ln1 = LayerNorm(n_embd)
        self.ln2 = LayerNorm(n_embd)

    def forward(self, x):
        x = x + self.sa(self.ln1(x))
        x = x + self.ffwd(self.ln2(x))
        return x


class GPTLanguageModel(nn.Module):
    """The GPT of the lecture: a character-level language model.

    ``GPTLanguageModel(vocab_size, n_embd, n_head, n_layer, block_size, dropout=0.0)``
    keeps ``block_size`` (as ``self.block_size``) and has
    ``token_embedding_table = nn.Embedding(vocab_size, n_embd)``,
    ``position_embedding_table = nn.Embedding(block_size, n_embd)``,
    ``blocks = nn.Sequential(*[Block(n_embd, n_head, block_size, dropout) ...])`` (n_layer
    of them), ``ln_f = LayerNorm(n_embd)`` (the final norm) and
    ``lm_head = nn.Linear(n_embd, vocab_size)``. Initialise as the lecture's final gpt.py
    does, ``self.apply(self._init_weights)`` (given below): Linear weights and embeddings
    from N(0, 0.02), biases zero, so the loss at init is close to -log(1/vocab_size).

    The lecture's sizes: vocab_size 65, n_embd 384, n_head 6, n_layer 6, block_size 256,
    dropout 0.2: 10.788929 M parameters.
    """

    def __init__(self, vocab_size, n_embd, n_head, n_layer, block_size, dropout=0.0):
        super().__init__()
        self.block_size = block_size
        # each token directly reads off the logits for the next token from a lookup table
        self.token_embedding_table = nn.Embedding(vocab_size, n_embd)
        self.position_embedding_table = nn.Embedding(block_size, n_embd)
        self.blocks = nn.Sequential(*[Block(n_embd, n_head, block_size, dropout) for _ in range(n_layer)])
        self.ln_f = LayerNorm(n_embd)  # final layer norm
        self.lm_head = nn.Linear(n_embd, vocab_size)
        self.apply(self._init_weights)

    def _init_weights(self, module):
        if isinstance(module, nn.Linear):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)
            if module.bias is not None:
                torch.nn.init.zeros_(module.bias)
        elif isinstance(module, nn.Embedding):
            torch.nn.init.normal_(module.weight, mean=0.0, std=0.02)

    def forward(self, idx, targets=None):
        """``idx`` (B, T) of token indices, T <= block_size -> ``(logits, loss)``.

        Token embeddings plus the embeddings of positions ``0..T-1`` (made on ``idx``'s
        device), the blocks, ``ln_f``, ``lm_head``: logits (B, T, vocab_size). Without
        ``targets`` the loss is None; with ``targets`` (B, T) it is ``F.cross_entropy`` of
        the logits and targets flattened to (B*T, vocab_size) and (B*T,), and the logits
        may be returned flattened too, as in the lecture.
        """
        B, T = idx.shape

        # idx and targets are both (B,T) tensor of integers
        tok_emb = self.token_embedding_table(idx)  # (B,T,C)
        pos_emb = self.position_embedding_table(torch.arange(T, device=idx.device))  # (T,C)
        x = tok_emb + pos_emb  # (B,T,C)
        x = self.blocks(x)  # (B,T,C)
        x = self.ln_f(x)  # (B,T,C)
        logits = self.lm_head(x)  # (B,T,vocab_size)

        if targets is None:
            loss = None
        else:
            B, T, C = logits.shape
            logits = logits.view(B * T, C)
            targets = targets.view(B * T)
            loss = F.cross_entropy(logits, targets)

        return logits, loss

    def generate(self, idx, max_new_tokens):
        """Extend ``idx`` (B, T) by ``max_new_tokens`` sampled tokens: returns (B, T + max_new_tokens).

        Each step feeds the model only the last ``block_size`` tokens (the position table
        has no more rows), takes the logits of the last position, turns them into
        probabilities with a softmax and draws the next token with
        ``torch.multinomial(probs, num_samples=1)``, then appends it. ``idx`` itself is
        kept as the start of the result.
        """
        # idx is (B, T) array of indices in the current context
        for _ in range(max_new_tokens):
            # crop idx to the last block_size tokens
            idx_cond = idx[:, -self.block_size:]
            # get the predictions
            logits, loss = self(idx_cond)
            # focus only on the last time step
            logits = logits[:, -1, :]  # becomes (B, C)
            # apply softmax to get probabilities
            probs = F.softmax(logits, dim=-1)  # (B, C)
            # sample from the distribution
            idx_next = torch.multinomial(probs, num_samples=1)  # (B, 1)
            # append sampled index to the running sequence
            idx = torch.cat((idx, idx_next), dim=1)  # (B, T+1)
        return idx
