"""The hidden checks of lecture7.EX1: the public ones at other sizes."""

CASES = {"matches_multihead_other_sizes": [dict(n_embd=48, n_head=6, block_size=12, seed=131, B=3, short=1)],
         "gradients": [dict(n_embd=24, n_head=2, block_size=8, seed=132, B=3, short=3)]}
