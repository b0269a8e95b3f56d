"""The hidden checks of lecture1.training: the public ones on other networks, data, steps and lr."""
from grader.checks.lecture1 import run

CASES = {"lecture_data": [dict(runs=(run(4, (3, 1), 5, 12, 0.08, 712), run(2, (2, 2, 1), 7, 9, 0.05, 713)))]}
