"""Lecture 2 (makemore: bigrams): the hidden checks.

The same questions as the public checks, asked with inputs a learner never sees: other
words (a small alphabet too), other smoothing strengths, seeds, step counts and
regularisation, 2-D indices, shifted logits. Code fitted to the public checks' inputs
fails here; code that does what the docstrings say passes both.
"""

# A vocabulary of six characters: the functions must follow stoi, not assume a..z.
SMALL = ["emma", "bob", "abba", "mo", "e"]
SMALL_STOI = {".": 0, "a": 1, "b": 2, "e": 3, "m": 4, "o": 5}
