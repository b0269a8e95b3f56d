"""Lecture 1 (micrograd): the hidden checks, the public checks' probes and judges on other inputs
(``CASES`` in each exercise's module): other operands and constants, more and bigger random
expressions, other network sizes, data, steps and learning rates, other points and functions
for the notebook's gradients. Code that hard-codes the public cases fails here."""
