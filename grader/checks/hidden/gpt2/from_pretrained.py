"""The hidden checks of gpt2.from_pretrained: another size and other values."""

OTHER = dict(block_size=12, vocab_size=80, n_layer=3, n_head=4, n_embd=48)
CASES = {"state_dict_4x": [dict(cfg=OTHER, seed=121)], "model_5x": [dict(cfg=OTHER, seed=122)]}
