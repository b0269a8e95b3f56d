"""The hidden checks of lecture7.EX4: the public ones at other sizes (a vocabulary of 11, three layers,
block_size 12), a one-token prompt and a prompt longer than block_size."""

KV_OTHER = dict(vocab_size=11, n_embd=24, n_head=3, n_layer=3, block_size=12)

CASES = {"chunk_after_cache": [dict(cfg=KV_OTHER, seed=141, B=3, T0=5, T1=3)],
         "greedy_matches": [dict(cfg=KV_OTHER, seed=151, B=3, T0=1, n=15)],
         "long_prompt": [dict(cfg=KV_OTHER, seed=143, B=2, T0=14, n=4)],
         "uses_the_cache": [dict(cfg=KV_OTHER, seed=144, B=1, T0=2, n=9)]}
