"""The hidden checks of lecture7.model: the public ones on a tiny model (a vocabulary of 11, one layer,
block_size 8), a single token, a 10-token prompt, dropout 0.3."""

TINY = dict(vocab_size=11, n_embd=16, n_head=2, n_layer=1, block_size=8)

CASES = {"logits_other_sizes": [dict(cfg=TINY, seed=121, B=3, short=1)],
         "generate_long_prompt": [dict(cfg=TINY, seed=127, B=3, T0=10, n=6)],
         "dropout": [dict(cfg=TINY, p=0.3, seed=124)]}
