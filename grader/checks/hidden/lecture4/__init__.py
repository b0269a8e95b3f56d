"""Lecture 4: the hidden checks. Same judges as the public ones, other inputs.

Other sizes, seeds, eps and momentum (so constants copied from the lecture or
hard-coded public cases fail), a batch of five (where n and n - 1 differ by 25%), a
network ending in a BatchNorm like the lecture's, and training without BatchNorm.
"""
