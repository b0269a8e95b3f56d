"""GPT addition: train the lecture's GPT to add 2-digit and 3-digit numbers.

``train_model`` builds a ``GPTLanguageModel``, yours from gpt.py beside this file
(lecture 7's exercise: write it first), and trains it on random problems from
``get_batch`` (addition.py), with the loss masked on the prompt. The grader then asks
your model, with its own greedy decoding from the model's logits, the answers to
problems it made from a seed you never see, which your ``get_batch`` must have left out
(they are in ``exclude``), and to others it keeps to itself. Exact match counts, on the
worse of the two sets: full points at 99 % or better, partial credit from 50 %. (The
answer is read in the exercise's order, digits reversed; a model trained on its digits
most significant first is read that way: here only the adding counts, the format is
graded in gpt_addition.encoding and gpt_addition.batches.)

Time budget: ``train_model`` runs in the grader's sandbox on ONE CPU thread and is
stopped after the exercise's ``timeout`` in course.yaml: 75 s for 2 digits
(gpt_addition.add2), 150 s for 3 digits (gpt_addition.add3). The reference below, a
2-layer, 4-head, 64-wide GPT, 64 problems a batch, takes about 15 s (800 steps) and
30 s (1500 steps) on the course's 2-core machine and gets every held-out problem right.
Keep well inside the budget: the grader's machine may be slower than yours.

Everything here is yours to choose: sizes, optimizer, learning rate and schedule,
number of steps, as long as the model is your lecture-7 ``GPTLanguageModel``, its
parameters named as in the lecture (the grader rebuilds it from its ``state_dict()`` with
its own copy of the lecture's code), with ``vocab_size`` 13 and a ``block_size`` of at
least ``3 * ndigit + 2``. The lecture's ``forward`` computes ``F.cross_entropy(logits,
targets)`` without ``ignore_index``, which rejects the prompt's -1 targets ("Target -1 is
out of bounds"): compute the masked loss here, from the logits.

With ``coursekit grade --device cuda`` the grader passes ``device="cuda"``: build the model
there and move each batch to it. Graded on CUDA, the budget is the same.
"""
import torch
import torch.nn.functional as F

from addition import get_batch, vocab_size
from gpt import GPTLanguageModel

# The sizes and the schedule: yours to change.
n_embd = 64
n_head = 4
n_layer = 2
batch_size = 64
learning_rate = 1e-3
max_iters = {1: 400, 2: 800, 3: 1500}  # steps, by number of digits


def train_model(ndigit, g, exclude=frozenset(), device="cpu"):
    """Train a GPT to add ``ndigit``-digit numbers; return the trained ``GPTLanguageModel``.

    Build the model (``block_size = 3 * ndigit + 2``, the length of ``x``), then for each
    step draw a batch with ``get_batch(batch_size, ndigit, g, exclude)`` (the grader
    checks that every batch comes from ``get_batch`` and that none holds a problem of
    ``exclude``) and move it to ``device``, compute the logits, and the loss with
    ``F.cross_entropy(logits.view(-1, vocab_size), y.view(-1), ignore_index=-1)`` (the
    masked prompt costs nothing), then backward and an optimizer step. ``g`` is the
    generator to draw the batches from.

    The grader uses the returned model's ``state_dict()`` only: it reads the sizes from
    the parameters' shapes and answers with its own greedy decoding.
    """
    raise NotImplementedError
