"""Lecture 3, E03 (open-ended): an idea from Bengio et al. 2003, direct input-to-output connections.

The paper's model can add the concatenated embeddings straight into the logits, next
to the hidden layer's contribution: ``logits = tanh(emb @ W1 + b1) @ W2 + b2 + emb @ Wd``
with ``Wd`` of shape (block_size * n_embd, 27). Add them, train, and get the dev loss
below 2.17 (the lecture's best) within the time budget (partial credit up to 2.5). The
grader checks that the direct connections take part: zeroing ``Wd`` must make your
trained model worse.

As in E01 the grader gives ``train_model`` training words only and scores the returned
parameters ``[C, W1, b1, W2, b2, Wd]`` on dev words with its own code; the parameters
before training must not already be good.
"""
import torch
import torch.nn.functional as F

from mlp import build_dataset

block_size = 3
n_embd = 10
n_hidden = 200


def forward_direct(parameters, X):
    """The logits of the model with direct connections, for contexts ``X`` (N, block_size)."""
    # BEGIN SOLUTION
    C, W1, b1, W2, b2, Wd = parameters
    emb = C[X].view(X.shape[0], -1)
    return torch.tanh(emb @ W1 + b1) @ W2 + b2 + emb @ Wd
    # END SOLUTION


def init_model(g):
    """The parameters before training: ``[C, W1, b1, W2, b2, Wd]``, float32, drawn from ``g``."""
    # BEGIN SOLUTION
    C = torch.randn((27, n_embd), generator=g)
    W1 = torch.randn((block_size * n_embd, n_hidden), generator=g) * (5 / 3) / (block_size * n_embd) ** 0.5
    b1 = torch.randn(n_hidden, generator=g) * 0.01
    W2 = torch.randn((n_hidden, 27), generator=g) * 0.01
    b2 = torch.zeros(27)
    Wd = torch.zeros((block_size * n_embd, 27))
    parameters = [C, W1, b1, W2, b2, Wd]
    for p in parameters:
        p.requires_grad = True
    return parameters
    # END SOLUTION


def train_model(parameters, words, g):
    """Train ``parameters`` (from ``init_model``) on the training ``words``; return them."""
    # BEGIN SOLUTION
    X, Y = build_dataset(words, block_size)
    steps, batch_size = 24000, 64
    for i in range(steps):
        ix = torch.randint(0, X.shape[0], (batch_size,), generator=g)
        loss = F.cross_entropy(forward_direct(parameters, X[ix]), Y[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        lr = 0.1 if i < 15000 else 0.01
        for p in parameters:
            p.data += -lr * p.grad
    return parameters
    # END SOLUTION
