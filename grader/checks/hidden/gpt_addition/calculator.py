"""The hidden checks of gpt_addition.calculator."""
from grader.checks.hidden.gpt_addition import held_out_seeds

CASES = {
    "calc_data": [dict(seed=1301, ndigit=3, operations=[(3, "-", 80, 2), (80, "-", 3, 2), (0, "+", 0, 2),
                                                        (50, "-", 50, 2), (1, "-", 1000, 4), (9999, "+", 1, 4),
                                                        (4, "-", 5, 1)])],
    "calc_accuracy": held_out_seeds("calculator", 192_837),     # never shown to learners
}
