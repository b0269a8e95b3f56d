"""The hidden checks of gpt2.model: another size (three layers, four heads)."""

CASES = {"logits_and_loss": [dict(cfg=dict(block_size=12, vocab_size=80, n_layer=3, n_head=4, n_embd=48), seed=111,
                                  B=3, T=10)],
         "same_tensor": [dict(cfg=dict(block_size=12, vocab_size=80, n_layer=3, n_head=4, n_embd=48), seed=112)]}
