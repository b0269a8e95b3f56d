"""The hidden checks of lecture7.EX4_gqa: the public probes at other sizes."""

CASES = {"grouped": [dict(n_embd=48, n_head=6, n_kv_head=3, T=9, B=3, seed=201)],
         "multi_query": [dict(n_embd=36, n_head=6, n_kv_head=1, T=5, B=1, seed=202)]}
