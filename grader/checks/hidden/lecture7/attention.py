"""The hidden checks of lecture7.attention: the public ones at other sizes, a single token, batches of 3."""

CASES = {"head_other_sizes": [dict(seed=101, B=3, short=1, head_size=5, n_embd=20, block_size=12, ts=(0, 7))],
         "multihead_other_sizes": [dict(seed=102, B=3, short=2, num_heads=3, head_size=6, n_embd=20, block_size=12,
                                        ts=(1, 8))],
         "dropout": [dict(p=0.3, num_heads=2, head_size=8, n_embd=16, block_size=8, seed=103)]}
