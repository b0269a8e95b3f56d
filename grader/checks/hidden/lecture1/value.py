"""The hidden checks of lecture1.value: the public ones on other operands, constants and graphs."""

CASES = {
    "gradients": [dict(seed=9101)],
    "reflected": [dict(seed=9202)],
    "reused_nodes": [dict(seed=9303)],
    "random_graphs": [dict(seeds=tuple(f"hidden-{s}" for s in range(40)), leaves=(4,), ops=tuple(range(10, 17)))],
}
