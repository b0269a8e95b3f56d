"""The hidden checks of lecture6.model: the public ones with other sizes; block_size 16 (four levels),
4 (two) and the lecture's intermediate model (n_embd 10, n_hidden 68: 22397 parameters)."""

CASES = {"forward": [dict(vocab_size=11, block_size=16, n_embd=6, n_hidden=10, seed=121, B=12),
                     dict(vocab_size=7, block_size=4, n_embd=5, n_hidden=9, seed=122, B=10)],
         "lecture_init": [dict(n_embd=10, n_hidden=68)]}
