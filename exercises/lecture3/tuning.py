"""Lecture 3, E01: tune the training until the dev loss is below 2.2, within a time budget.

The lecture gets to about 2.17 on dev after 200,000 minibatch steps. You have less
time: ``train_model`` runs in the grader's sandbox, on one CPU thread, and is stopped
after the exercise's ``timeout`` in course.yaml (per check). Everything is yours to
choose: the sizes (as long as the parameters keep the lecture's shapes
``[C, W1, b1, W2, b2]``), the initialisation, the batch size, the learning-rate
schedule, the number of steps.

The grader gives ``train_model`` the training words of a split (80 % of the names) and
scores the parameters it returns, with its own code, on dev words your code never
sees: full points below 2.2, partial credit up to 2.5. The parameters before training
must not already be good (that would not be training).
"""
import torch
import torch.nn.functional as F

from mlp import build_dataset, forward

# The sizes: yours to change. W1 must be (block_size * n_embd, n_hidden).
block_size = 3
n_embd = 10
n_hidden = 200


def init_model(g):
    """The parameters before training: ``[C, W1, b1, W2, b2]``, float32, drawn from ``g``.

    Shapes: C (27, n_embd), W1 (block_size * n_embd, n_hidden), b1 (n_hidden,),
    W2 (n_hidden, 27), b2 (27,). A good initialisation (lecture3.E02) saves many steps.
    """
    raise NotImplementedError


def train_model(parameters, words, g):
    """Train ``parameters`` (from ``init_model``) on ``words``; return the trained list.

    ``words`` are training names only. Draw any randomness from ``g``. Keep well inside
    the time budget: the grader's machine may be slower than yours.
    """
    raise NotImplementedError
