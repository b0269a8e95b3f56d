"""The hidden checks of kernels.attention: other shapes, never multiples of the blocks."""

CASES = {"kernel": [dict(heads=3, T=70, head_size=32)], "wrapper": [dict(B=1, n_head=4, T=50, head_size=32)]}
