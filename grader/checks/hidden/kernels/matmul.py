"""The hidden checks of kernels.matmul: other shapes and tiles, never multiples."""

CASES = {"kernel": [dict(M=50, N=60, K=37, blocks=(16, 32, 16))], "wrapper": [dict(M=41, N=70, K=90)]}
