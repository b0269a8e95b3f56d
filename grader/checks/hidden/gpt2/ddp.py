"""The hidden checks of gpt2.ddp: other batches, three micro-steps."""

CASES = {"two_processes": [dict(seed=141, A=3, B=2, T=6, steps=2)]}
