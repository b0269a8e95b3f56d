"""GPT addition (lecture 7, exercise 2): the data, and reading the model's answers.

Karpathy's suggestion at the end of the lecture: train the GPT to add, ``a+b=c``. A
problem is a string of characters, the prompt ``a+b=`` and then the digits of ``c``
*in reverse order*, least significant first, the way the school algorithm (and, we
hope, the model) works: right to left, carrying as it goes. With ``ndigit = 3``::

    12 + 345 = 357    ->    "012+345=7530"

- the operands are zero-padded to ``ndigit`` digits, so every problem has the same
  length and each digit sits at a fixed position;
- the sum has up to ``ndigit + 1`` digits: it is zero-padded to ``ndigit + 1`` digits,
  then reversed ("0357" -> "7530").

So a problem is ``3 * ndigit + 3`` characters: a prompt of ``2 * ndigit + 2`` ("012+345=")
and an answer of ``ndigit + 1`` ("7530"). The vocabulary below is given; '-' is there
for the calculator (calculator.py).

Training serves random problems on the fly (no train.bin): ``get_batch`` draws them.
The model learns only the answer: the targets of the prompt are -1, which
``F.cross_entropy(..., ignore_index=-1)`` leaves out of the loss (the prompt's digits
are random, there is nothing to learn in them). ``solve`` asks a trained model for its
answers, greedily, one token at a time.
"""
import torch

chars = "0123456789+-="  # the vocabulary: the digits are their own token ids
vocab_size = len(chars)  # 13
stoi = {ch: i for i, ch in enumerate(chars)}
itos = {i: ch for i, ch in enumerate(chars)}
encode = lambda s: [stoi[c] for c in s]  # string -> list of ids
decode = lambda l: ''.join([itos[i] for i in l])  # list of ids -> string


def format_problem(a, b, ndigit):
    """The whole problem as a string: ``format_problem(12, 345, 3) == "012+345=7530"``.

    ``a`` and ``b`` are ints in ``[0, 10**ndigit)``. The prompt is ``a`` and ``b``, each
    zero-padded to ``ndigit`` digits, around '+', then '='; the answer is ``a + b``
    zero-padded to ``ndigit + 1`` digits and written backwards (least significant digit
    first). ``format_problem(9, 9, 1) == "9+9=81"``, ``format_problem(0, 0, 2) == "00+00=000"``.
    """
    raise NotImplementedError


def parse_answer(answer):
    """The number an answer string stands for: ``parse_answer("7530") == 357``.

    ``answer`` is what comes after '=' (as the model writes it: the digits of the sum,
    least significant first). Returns an int, or ``None`` when any character is not a
    digit (a model that writes '+' or '=' there has not answered).
    """
    raise NotImplementedError


def get_batch(batch_size, ndigit, g, exclude=frozenset()):
    """A batch of random problems: ``(x, y)``, both int64 of shape (batch_size, 3 * ndigit + 2).

    Draw each problem's ``a`` and ``b`` uniformly from ``[0, 10**ndigit)`` with the
    generator ``g`` (for example ``torch.randint(0, 10**ndigit, (2,), generator=g)``), and
    draw again while its prompt (``"012+345="``, the first ``2 * ndigit + 2`` characters)
    is in ``exclude``: those problems are held out, the grader tests on them.

    Encode each problem (``3 * ndigit + 3`` ids); as in the lecture, ``x`` is every id but
    the last and ``y`` every id but the first, so ``y[:, t]`` is the token after
    ``x[:, t]``. Then mask the prompt: set the targets that are still prompt characters,
    ``y[:, :2 * ndigit + 1]``, to -1. The first target that stays is ``y[:, 2 * ndigit + 1]``,
    the first digit of the answer, predicted at the position of '='.
    """
    raise NotImplementedError


@torch.no_grad()
def solve(model, problems, ndigit):
    """The model's answers to ``problems``, a list of ``(a, b)`` pairs: a list of int or None.

    For each problem, feed the prompt (``"012+345="``, encoded) to ``model`` (a
    ``GPTLanguageModel``: ``model(idx)`` returns ``(logits, loss)``) and decode greedily:
    take the argmax of the last position's logits as the next token, append it, and go
    on until ``ndigit + 1`` tokens are written; those are the answer, read with
    ``parse_answer`` (None where the model wrote something that is not a digit). Report
    what the model says, right or wrong: this is how it is tested. One batch for all the
    problems is fastest (every prompt has the same length). Put the model in eval mode.
    """
    raise NotImplementedError
