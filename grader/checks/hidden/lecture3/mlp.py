"""The hidden checks of lecture3.mlp: the public probes and judges on other names, sizes and seeds."""

CASES = {
    "build": [dict(block_sizes=(1, 8), seed=131)],
    "params": [dict(seed=1234, sizes=(4, 6, 50))],
    "forward": [dict(sizes=(((5, 8, 64), 141), ((1, 4, 30), 142), ((8, 2, 16), 143)))],
}
