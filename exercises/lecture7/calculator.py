"""GPT addition, bonus: a calculator for + and -, with signed answers.

The lecture's stretch goal ("build a calculator clone in GPT") for two operations. A
problem is ``a+b=`` or ``a-b=`` with both operands zero-padded to ``ndigit`` digits, then
the answer: its sign first ('+' for zero and above, '-' below zero), then the digits of
``|c|`` zero-padded to ``ndigit + 1`` digits and reversed, as in addition.py. With
``ndigit = 2``::

    12 - 45 = -33    ->    "12-45=-330"
    45 - 12 =  33    ->    "45-12=+330"
    99 + 99 = 198    ->    "99+99=+891"

A problem is ``3 * ndigit + 4`` characters: a prompt of ``2 * ndigit + 2`` and an answer
of ``ndigit + 2``. The sign comes first because it needs the whole comparison of ``a``
and ``b``; once written, the model can read it while it writes the digits.

Graded like the addition: the grader decodes your model's answers itself, greedily, on
2-digit problems it held out (``exclude``) and on others it keeps to itself. Full points
at 95 % exact match or better, partial credit from 50 %. Budget: 180 s on one CPU
thread (gpt_addition.calculator's timeout in course.yaml); the reference (the sizes of
train.py, 2000 steps) takes about 35 s on the course's 2-core machine and gets about
99 % right.
"""
import torch
import torch.nn.functional as F

from addition import encode, vocab_size
from gpt import GPTLanguageModel

n_embd = 64
n_head = 4
n_layer = 2
batch_size = 64
learning_rate = 1e-3
max_iters = 2000


def format_problem(a, op, b, ndigit):
    """The whole problem as a string: ``format_problem(12, '-', 45, 2) == "12-45=-330"``.

    ``op`` is '+' or '-'; ``a`` and ``b`` are ints in ``[0, 10**ndigit)``. The answer is
    the sign of ``c`` ('+' when ``c >= 0``), then ``abs(c)`` zero-padded to ``ndigit + 1``
    digits, reversed.
    """
    raise NotImplementedError


def get_batch(batch_size, ndigit, g, exclude=frozenset()):
    """Random + and - problems: ``(x, y)``, int64, shape (batch_size, 3 * ndigit + 3).

    Draw ``a``, ``b`` uniformly from ``[0, 10**ndigit)`` and the operation, '+' or '-',
    with even odds, all from ``g``; draw again while the prompt (``"12-45="``) is in
    ``exclude``. ``x`` and ``y`` as in addition.get_batch: ``y`` is ``x`` shifted by one,
    with the prompt's targets ``y[:, :2 * ndigit + 1]`` set to -1, so that the sign (at
    ``y[:, 2 * ndigit + 1]``) and the digits are trained.
    """
    raise NotImplementedError


def train_model(ndigit, g, exclude=frozenset(), device="cpu"):
    """Train a GPT on + and - problems with ``ndigit``-digit operands; return the model.

    As train.train_model, with this module's ``get_batch`` (every batch must come from
    it), ``block_size = 3 * ndigit + 3`` and the model and batches on ``device``.
    """
    raise NotImplementedError
