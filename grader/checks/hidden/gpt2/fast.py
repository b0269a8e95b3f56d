"""The hidden checks of gpt2.fast: other sizes."""

CASES = {"flash_attention": [dict(seed=151, B=3, nh=2, T=9, hs=5)], "bf16_cpu": [dict(seed=152)]}
