"""The hidden checks of lecture7.EX4_alibi: the public probes at other sizes and head counts."""

CASES = {"slopes": [dict(counts=(16, 3, 10, 1))], "attention": [dict(n_embd=40, n_head=8, T=10, B=3, seed=211)],
         "attention_6_heads": [dict(n_embd=30, n_head=5, T=6, B=1, seed=212)]}
