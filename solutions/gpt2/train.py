"""Let's reproduce GPT-2 (124M): a short training run of a small GPT-2 on tiny Shakespeare.

The lecture's loop at a size a CPU trains in seconds: GPT-2's tokenizer and vocabulary (padded to
50304), two layers, n_embd 64. A model that knows nothing scores ln(50304) ≈ 10.8 on held-out
text; fifty steps of AdamW with the lecture's schedule bring that below 7.5.

While this exercise is graded, the grader's own GPT, GPTConfig, DataLoaderLite, get_lr and
train_step stand in for the ones imported below, so a mistake in model.py or train_gpt2.py
costs only its own exercise: keep importing them by name, as below.
"""
import torch

from model import GPT, GPTConfig
from train_gpt2 import DataLoaderLite, get_lr, train_step


def train_model(tokens, max_steps=50):
    """Train a GPT with ``GPTConfig(block_size=32, vocab_size=50304, n_layer=2, n_head=4, n_embd=64)``
    (or any config with vocab_size 50304, block_size <= 1024, n_layer <= 8, n_embd <= 256) on
    ``tokens`` (a 1-D tensor of GPT-2 token ids, the training split) and return it. It is judged
    on text it never saw: the held-out loss must fall below the check's threshold."""
    # BEGIN SOLUTION
    torch.manual_seed(1337)
    model = GPT(GPTConfig(block_size=32, vocab_size=50304, n_layer=2, n_head=4, n_embd=64))
    optimizer = model.configure_optimizers(weight_decay=0.1, learning_rate=3e-3, device_type="cpu")
    loader = DataLoaderLite(tokens, B=8, T=32)
    for step in range(max_steps):
        lr = get_lr(step, max_lr=3e-3, min_lr=3e-4, warmup_steps=5, max_steps=max_steps)
        for group in optimizer.param_groups:
            group["lr"] = lr
        train_step(model, optimizer, loader, grad_accum_steps=1)
    return model
    # END SOLUTION
