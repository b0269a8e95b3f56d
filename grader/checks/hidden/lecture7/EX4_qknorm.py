"""The hidden checks of lecture7.EX4_qknorm: the public probes at other sizes."""

CASES = {"scale": [dict(n_embd=24, n_head=3, T=7, B=3, seed=221)],
         "attention": [dict(n_embd=48, n_head=6, T=9, B=1, seed=222)]}
