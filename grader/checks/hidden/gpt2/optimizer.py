"""The hidden checks of gpt2.optimizer: another size, weight decay and learning rate."""

CASES = {"param_groups": [dict(cfg=dict(block_size=12, vocab_size=80, n_layer=3, n_head=4, n_embd=48),
                               weight_decay=0.05, learning_rate=1e-3)]}
