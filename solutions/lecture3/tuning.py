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
    # BEGIN SOLUTION
    C = torch.randn((27, n_embd), generator=g)
    W1 = torch.randn((block_size * n_embd, n_hidden), generator=g) * (5 / 3) / (block_size * n_embd) ** 0.5
    b1 = torch.randn(n_hidden, generator=g) * 0.01
    W2 = torch.randn((n_hidden, 27), generator=g) * 0.01
    b2 = torch.zeros(27)
    parameters = [C, W1, b1, W2, b2]
    for p in parameters:
        p.requires_grad = True
    return parameters
    # END SOLUTION


def train_model(parameters, words, g):
    """Train ``parameters`` (from ``init_model``) on ``words``; return the trained list.

    ``words`` are training names only. Draw any randomness from ``g``. Keep well inside
    the time budget: the grader's machine may be slower than yours.
    """
    # BEGIN SOLUTION
    X, Y = build_dataset(words, block_size)
    steps, batch_size = 20000, 64
    for i in range(steps):
        ix = torch.randint(0, X.shape[0], (batch_size,), generator=g)
        loss = F.cross_entropy(forward(parameters, X[ix]), Y[ix])
        for p in parameters:
            p.grad = None
        loss.backward()
        lr = 0.1 if i < 12000 else 0.01
        for p in parameters:
            p.data += -lr * p.grad
    return parameters
    # END SOLUTION
