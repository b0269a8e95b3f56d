"""The hidden checks of gpt2.init: a deeper model, whose residual scale is 0.02 / 4."""

CASES = {"initialised": [dict(cfg=dict(block_size=64, vocab_size=512, n_layer=8, n_head=4, n_embd=128))]}
