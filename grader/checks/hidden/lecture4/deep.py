"""The hidden checks of lecture4.deep: other sizes, gain 1, training without BatchNorm, the diagnostics
of another network with BatchNorm."""
from grader.checks.lecture4 import GAIN

CASES = {
    "lecture_network": [dict(sizes=(27, 4, 8, 40, 4), gain=1.0, seed=131)],
    "training_steps": [dict(seed=141, steps=4, batch_size=20, lr=0.05,
                            net=dict(n_hidden=24, n_layers=3, batchnorm=False, n_embd=6, block_size=3))],
    "diagnostics": [dict(runs=((151, 0.2, dict(n_hidden=40, n_layers=4, batchnorm=True, gain=GAIN)),))],
}
