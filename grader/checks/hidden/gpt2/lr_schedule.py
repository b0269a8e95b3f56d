"""The hidden checks of gpt2.lr_schedule: another warmup and length."""

CASES = {"schedule": [dict(max_lr=1e-3, min_lr=0.0, warmup_steps=3, max_steps=20)]}
