"""Lecture 3, part 1: the MLP language model of Bengio et al. 2003, at the lecture's sizes.

The last ``block_size`` characters (the context) are looked up in an embedding table
``C`` (one row of ``n_embd`` numbers per character), the rows are concatenated, go
through a ``tanh`` hidden layer of ``n_hidden`` units (``W1``, ``b1``) and an output
layer (``W2``, ``b2``) that gives one logit per character of the 27. With
block_size 3, n_embd 10 and n_hidden 200 that is the lecture's 11,897 parameters.

The parameters travel as the lecture's list ``[C, W1, b1, W2, b2]``.
"""
import torch

# The names' vocabulary (lecture 2): '.' is 0, a..z are 1..26.
chars = 'abcdefghijklmnopqrstuvwxyz'
stoi = {s: i + 1 for i, s in enumerate(chars)}
stoi['.'] = 0
itos = {i: s for s, i in stoi.items()}


def build_dataset(words, block_size=3):
    """Every (context, next character) pair of ``words``: returns ``(X, Y)``.

    Each word starts with the context ``[0] * block_size`` ('...'); for every character
    of ``word + '.'``, the current context is a row of X and the character's index the
    entry of Y, then the context rolls: ``context = context[1:] + [ix]``.
    X is int64 of shape (N, block_size), Y int64 of shape (N,), N = sum(len(w) + 1).
    """
    # BEGIN SOLUTION
    X, Y = [], []
    for w in words:
        context = [0] * block_size
        for ch in w + '.':
            ix = stoi[ch]
            X.append(context)
            Y.append(ix)
            context = context[1:] + [ix]
    return torch.tensor(X, dtype=torch.int64).view(-1, block_size), torch.tensor(Y, dtype=torch.int64)
    # END SOLUTION


def init_params(g, block_size=3, n_embd=10, n_hidden=200, vocab_size=27):
    """The lecture's parameters ``[C, W1, b1, W2, b2]``, all ``torch.randn(..., generator=g)``.

    Drawn in this order and these shapes: C (vocab_size, n_embd), W1 (block_size * n_embd,
    n_hidden), b1 (n_hidden,), W2 (n_hidden, vocab_size), b2 (vocab_size,); float32, each
    with ``requires_grad = True``. (No scaling: that is lecture3.E02's job.)
    """
    # BEGIN SOLUTION
    C = torch.randn((vocab_size, n_embd), generator=g)
    W1 = torch.randn((block_size * n_embd, n_hidden), generator=g)
    b1 = torch.randn(n_hidden, generator=g)
    W2 = torch.randn((n_hidden, vocab_size), generator=g)
    b2 = torch.randn(vocab_size, generator=g)
    parameters = [C, W1, b1, W2, b2]
    for p in parameters:
        p.requires_grad = True
    return parameters
    # END SOLUTION


def forward(parameters, X):
    """The logits (N, vocab_size) for the contexts ``X`` (N, block_size).

    ``emb = C[X]`` is (N, block_size, n_embd); view it as (N, block_size * n_embd) (work
    the sizes out from the tensors: the checks use other sizes than the lecture's), then
    ``h = tanh(emb @ W1 + b1)`` and ``logits = h @ W2 + b2``.
    """
    # BEGIN SOLUTION
    C, W1, b1, W2, b2 = parameters
    emb = C[X]
    h = torch.tanh(emb.view(emb.shape[0], -1) @ W1 + b1)
    return h @ W2 + b2
    # END SOLUTION
