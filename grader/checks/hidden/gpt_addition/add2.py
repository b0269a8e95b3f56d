"""The hidden checks of gpt_addition.add2: a held-out set from a seed never shown to learners."""
from grader.checks.hidden.gpt_addition import held_out_seeds

CASES = {"two_digit": held_out_seeds("add2", 918_273)}
