"""The hidden checks of gpt2.train: the same trained model on other held-out windows."""

CASES = {"held_out_loss_after_training": [dict(eval_seed=2)]}
