"""Lecture 5: the hidden checks, each a public probe and judge on other values (``CASES``): batches of
5 and 7 (where Bessel's n/(n-1) is far from 1), a block size of 4, other widths, another learning
rate and more steps, so an answer fitted to the public checks' shapes or seeds fails."""
