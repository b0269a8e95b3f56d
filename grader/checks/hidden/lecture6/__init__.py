"""Lecture 6 (WaveNet): the hidden checks.

The public checks' questions with sizes a learner never sees: other vocabularies and
embedding sizes, 1-D and 3-D index tensors, groups of 3 and 4 time steps, other
momentum and eps, nested Sequentials, and a model of block_size 16 (four levels) and of
block_size 4 (two), so a model hard-coded for three levels or a flatten hard-coded for
pairs fails here.
"""
