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
    raise NotImplementedError


def init_model(g):
    """The parameters before training: ``[C, W1, b1, W2, b2, Wd]``, float32, drawn from ``g``."""
    raise NotImplementedError


def train_model(parameters, words, g):
    """Train ``parameters`` (from ``init_model``) on the training ``words``; return them."""
    raise NotImplementedError
