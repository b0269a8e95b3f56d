"""The hidden checks of gpt2.grad_accum: other batches and another number of micro-steps."""

CASES = {"accumulated": [dict(seed=131, A=3, B=3, T=6, steps=2)]}
