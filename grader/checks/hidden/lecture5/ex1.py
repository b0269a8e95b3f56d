"""The hidden checks of lecture5.ex1."""
CASES = {"every_gradient_other_sizes": [dict(seed=1201, batch_size=7, block_size=4, n_embd=5, n_hidden=20)]}
