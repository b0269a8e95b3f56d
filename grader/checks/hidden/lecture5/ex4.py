"""The hidden checks of lecture5.ex4."""
CASES = {"manual_training_other_sizes": [dict(seed=1501, steps=12, batch_size=20, lr=0.2, block_size=4, n_embd=8,
                                              n_hidden=30)]}
