"""The hidden checks of gpt_addition.solver: other models, sizes and numbers of digits."""

SOLVER = [dict(seed=1201, ndigit=1, count=30, sizes=(16, 2, 1)), dict(seed=1202, ndigit=4, count=30, sizes=(40, 5, 2))]
CASES = {"greedy_answers": [dict(specs=SOLVER)]}
