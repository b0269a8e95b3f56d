"""The hidden checks of gpt_addition.add3: a held-out set from a seed never shown to learners."""
from grader.checks.hidden.gpt_addition import held_out_seeds

CASES = {"three_digit": held_out_seeds("add3", 564_738)}
