"""Lecture 5: the hidden checks. Same judges as the public ones, other sizes and batches.

Batches of 5 and 7 (where Bessel's n/(n-1) is far from 1), a block size of 4, other
widths, another learning rate and more steps, so an answer fitted to the lecture's
32 x 64 shapes or its seed fails.
"""
