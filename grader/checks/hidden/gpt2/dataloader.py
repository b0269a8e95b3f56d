"""The hidden checks of gpt2.dataloader: other sizes, three ranks."""

CASES = {"two_ranks": [dict(B=3, T=2, P=3, N=80, steps=10)]}
