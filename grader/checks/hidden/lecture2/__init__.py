"""Lecture 2 (makemore: bigrams): the hidden checks, the public probes and judges on inputs a
learner never sees (``CASES`` in each exercise's module): other words (a six-character alphabet
too), smoothing strengths, seeds, step counts and regularisation, n, index shapes and logits.
Code fitted to the public checks' inputs fails here; code that does what the docstrings say
passes both."""

# A vocabulary of six characters: the functions must follow stoi, not assume a..z.
SMALL = ("emma", "bob", "abba", "mo", "e")
SMALL_STOI = {".": 0, "a": 1, "b": 2, "e": 3, "m": 4, "o": 5}
