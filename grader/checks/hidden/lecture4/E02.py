"""The hidden checks of lecture4.E02: a lecture-like network ending in a BatchNorm, with a Linear that
has none after it, other eps, in float32 and float64."""

HIDDEN_SPEC = (("linear", 12, 40, True), ("bn", 40, 1e-2), ("tanh",),
               ("linear", 40, 40, True), ("tanh",),
               ("linear", 40, 32, False), ("bn", 32, 1e-5), ("tanh",),
               ("linear", 32, 27, False), ("bn", 27, 1e-3))

CASES = {"folded_net_matches_eval_forward": [dict(spec=HIDDEN_SPEC, seed=171)],
         "folded_in_float64": [dict(spec=HIDDEN_SPEC, seed=172)]}
