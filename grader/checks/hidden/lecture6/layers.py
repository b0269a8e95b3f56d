"""The hidden checks of lecture6.layers: the public ones with other sizes, index shapes and groups."""

CASES = {"embedding": [dict(num=11, dim=3, shape=(9,), seed=101), dict(num=5, dim=7, shape=(2, 3, 4), seed=103)],
         "flatten": [dict(sizes=((3, 2, 9, 4, 105), (4, 3, 8, 5, 106), (4, 3, 4, 2, 107)))],
         "sequential_nested": [dict(sizes=(3, 4, 2), seed=108)]}
