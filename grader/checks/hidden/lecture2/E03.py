"""The hidden checks of lecture2.E03: the public ones on other words, splits, n and k."""

CASES = {
    "smoothed": [dict(words=(3000, 151), seed=3, at=((2, 0.02), (4, 0.7)))],
    "tuning": [dict(words=(2500, 152), seed=5, ks=(0.05, 0.2, 0.5, 2, 5, 20))],
}
