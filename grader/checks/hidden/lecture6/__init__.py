"""Lecture 6 (WaveNet): the hidden checks, the public probes and judges on other inputs (CASES):
other vocabularies and embedding sizes, 1-D and 3-D index tensors, groups of 3 and 4 time steps,
other momentum and eps, and models of block_size 16 (four levels) and 4 (two).
"""
