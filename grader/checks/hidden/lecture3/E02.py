"""The hidden checks of lecture3.E02: the public probes and judges on other vocabularies and sizes."""

CASES = {
    "uniform": [dict(vocab_sizes=(65, 10))],
    "near_uniform": [dict(seed=99, sizes=(4, 8, 100))],
}
