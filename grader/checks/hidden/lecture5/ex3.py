"""The hidden checks of lecture5.ex3."""
CASES = {"dhprebn_other_sizes": [dict(seed=1401, batch_size=5, n_hidden=16, n_embd=6)]}
