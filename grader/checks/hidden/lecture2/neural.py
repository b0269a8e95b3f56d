"""The hidden checks of lecture2.neural: the public ones on other words, W, reg, steps, lr and seed."""

CASES = {
    "dataset": [dict(words=(500, 111))],
    "loss_match": [dict(words=(150, 112), scale=3.0, seed=7, regs=(0.0, 0.1))],
    "training": [dict(words=(200, 113), seed=1234, steps=7, lr=20.0, reg=0.05)],
}
