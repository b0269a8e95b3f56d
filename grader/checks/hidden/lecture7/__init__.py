"""Lecture 7 (GPT from scratch): the hidden checks.

The public questions at sizes a learner never sees: head_size * num_heads different from
n_embd (so ``proj`` maps head_size * num_heads -> n_embd), a single token, batches of 3,
eps and 4-D input for LayerNorm, a vocabulary of 11, prompts longer than block_size,
dropout switched off by ``eval()``, chunks of several tokens fed with a KV cache. For the
fused attention the judge also computes the per-head attention itself, head by head, from
the weights it knows the probe used.
"""
