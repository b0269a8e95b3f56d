"""The hidden checks of lecture4.layers: other sizes, a batch of five (where n and n - 1 differ by 25%),
other eps and momentum."""

CASES = {
    "linear_layer": [dict(fan_in=7, fan_out=13, n=5, seed=101)],
    "batchnorm_training": [dict(runs=((5, 7, 111, {"eps": 1e-2, "momentum": 0.25}),))],
    "batchnorm_eval": [dict(runs=((9, 6, 121, {"eps": 0.5, "momentum": 0.3}),))],
}
