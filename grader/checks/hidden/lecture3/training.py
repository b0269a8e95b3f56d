"""The hidden checks of lecture3.training: the public probes and judges on other sizes, seeds and rates."""

CASES = {
    "lr_finder": [dict(seed=151, sizes=(4, 8, 48), n_words=800, steps=60, batch_size=16)],
    "minibatch": [dict(seed=152, sizes=(4, 8, 48), n_words=800, steps=150, lr=0.05, batch_size=16)],
    "evaluate": [dict(seed=153, sizes=(2, 5, 40), n_words=2000)],
    "sampling": [dict(seed=154, sizes=(4, 8, 48), gen_seed=777, n=12)],
}
