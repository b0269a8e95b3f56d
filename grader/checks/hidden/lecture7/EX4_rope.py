"""The hidden checks of lecture7.EX4_rope: the public probes at other sizes."""

CASES = {"rotation": [dict(B=1, n_head=2, T=20, head_size=16, seed=171)],
         "attention": [dict(n_embd=48, n_head=3, T=9, B=3, seed=172)]}
