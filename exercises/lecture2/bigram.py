"""Lecture 2, part 1: a bigram language model made by counting.

You build the vocabulary, count how often each character follows another in the names,
turn the counts into probabilities (add-k smoothing, so that no bigram is impossible),
sample new names from them, and score the model by its average negative log-likelihood:
the number the neural bigram of part 2 has to match.
"""
import torch


def build_vocab(words):
    """The character vocabulary of ``words``: returns ``(stoi, itos)``.

    ``stoi`` maps each character to an int and ``itos`` maps it back. '.' (the token
    that starts and ends every word) is 0; the characters that occur in ``words``
    follow in sorted order as 1, 2, ... (for the names: a..z are 1..26, 27 tokens).
    """
    raise NotImplementedError


def bigrams(words, stoi):
    """Every bigram of ``words`` as a list of index pairs ``(ix1, ix2)``.

    Each word is read as '.' + word + '.', so "emma" gives the pairs of
    '.e', 'em', 'mm', 'ma', 'a.' (len(word) + 1 bigrams per word).
    """
    raise NotImplementedError


def bigram_counts(words, stoi):
    """The count matrix ``N``: ``N[ix1, ix2]`` = how often ``ix2`` follows ``ix1`` in ``words``.

    Row = first character, column = second, so ``N[0]`` counts how words start.
    Returns an int32 tensor of shape (V, V), V = len(stoi) (27 for the names).
    The lecture's loop ``N[ix1, ix2] += 1`` over ``bigrams(words, stoi)`` works (a second
    or two on all the names); ``N.index_put_(..., accumulate=True)`` adds them all at once.
    """
    raise NotImplementedError


def bigram_probs(N, k=1):
    """Probabilities ``P`` from counts ``N`` with add-k smoothing ("model smoothing").

    ``P[ix1]`` is the distribution of the character after ``ix1``: (N + k), each row
    divided by its own sum, so every row sums to 1. ``k`` may be any number >= 0
    (k = 0: no smoothing). Returns a float32 tensor shaped like ``N``.
    """
    raise NotImplementedError


def nll(P, words, stoi):
    """The average negative log-likelihood of ``words`` under ``P``, as a float.

    The mean of -log P[ix1, ix2] over every bigram of every word (``bigrams`` above);
    lower is better, and a bigram with probability 0 makes it inf.
    """
    raise NotImplementedError


def sample_names(P, itos, n, g):
    """Sample ``n`` names from ``P``; returns a list of strings, each ending in '.'.

    Start at index 0 ('.'), draw the next index with
    ``torch.multinomial(P[ix], num_samples=1, replacement=True, generator=g)`` and stop
    when you draw 0 again. Draw only from ``g`` (the caller seeds it, e.g.
    ``torch.Generator().manual_seed(2147483647)``), so the same seed gives the same names.
    """
    raise NotImplementedError
