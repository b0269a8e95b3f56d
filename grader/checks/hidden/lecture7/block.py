"""The hidden checks of lecture7.block: the public ones at other sizes, eps and a 4-D input."""

CASES = {"layernorm": [dict(parts=((7, (3, 4, 7), 111, 1e-2), (6, (2, 2, 3, 6), 112, None)))],
         "feedforward": [dict(n_embd=12, seed=113, B=3, T=2)],
         "block_other_sizes": [dict(n_embd=24, n_head=3, block_size=8, seed=114, B=3, ts=(0, 5))],
         "block_dropout": [dict(p=0.2, n_embd=16, n_head=2, block_size=8, seed=115, B=3)]}
