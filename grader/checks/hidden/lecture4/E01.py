"""The hidden checks of lecture4.E01: the public probe and judge on other sizes, rate and generator."""

CASES = {"zero_init": [dict(n_words=1000, steps=200, batch_size=20, lr=0.2, seed=161,
                            sizes=dict(block_size=4, n_embd=6, n_hidden=50))]}
