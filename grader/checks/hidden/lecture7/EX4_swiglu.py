"""The hidden checks of lecture7.EX4_swiglu: the public probes at other sizes."""

CASES = {"swiglu": [dict(dim=24, multiple_of=8, B=3, seed=191)], "swiglu_rounding": [dict(dim=12, multiple_of=64, B=1, seed=192)],
         "width_gpt2": [dict(dim=100, multiple_of=10)]}
