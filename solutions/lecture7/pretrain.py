"""Lecture 7, exercise 3: pretrain on a large corpus, then finetune on a small one.

A GPT trained on a small text from scratch learns it by heart and gets worse on the rest
of it: 5,000 bytes of Shakespeare are too few. The same model first *pretrained* on a
large corpus, the King James Bible (4.1 MB of English), already knows spelling, words and
punctuation; *finetuned* on the small text at a lower learning rate, it gets to a lower
validation loss than the model trained from scratch ever reaches. That is the recipe of
GPT-2 and of every model since, here at the size of a laptop.

``pretrain_and_finetune(kjv, shakespeare, g, snapshot)`` gets both texts (``shakespeare``
is a slice of tinyshakespeare the grader chose; it keeps the text after it for itself)
and returns the finetuned model. The grader then measures, with its own copy of the
lecture's GPT, the validation loss of each snapshot on Shakespeare it kept back, takes the
best, and compares it with the same model trained from scratch on the same slice (by the
grader, at the same sizes, its best validation loss over 400 steps). Pretraining must win
by at least 0.1 nats: the reference gets about 2.3 against 2.56. The feedback shows both.

The model is your lecture-7 ``GPTLanguageModel`` at the sizes below (the grader's own copy
of it stands in while grading, so a mistake in gpt.py costs lecture 7's exercises only), on
bytes: ``vocab_size`` 256, every byte of the text a token. The training is yours:
batch size, steps, learning rates and schedule. It runs on ONE CPU thread, stopped after
the exercise's ``timeout`` in course.yaml (240 s); the reference takes about 30 s on the
course's 2-core machine when it is quiet, 100 s when it is busy.
"""
import torch
import torch.nn.functional as F

from gpt import GPTLanguageModel

# The model: fixed by the exercise (the grader's from-scratch baseline has these sizes).
vocab_size = 256  # bytes
n_embd = 48
n_head = 4
n_layer = 2
block_size = 64

# The training: yours to change.
batch_size = 32
pretrain_iters = 400
pretrain_lr = 1e-3
finetune_iters = 200
finetune_lr = 3e-4
eval_interval = 25


def get_batch(data, batch_size, block_size, g):
    """``batch_size`` random chunks of ``data`` (1-D token ids): x (batch_size, block_size) and
    y, the same chunks shifted by one token (the next token at every position). The starts
    are drawn with ``torch.randint(..., generator=g)``, on ``data``'s device."""
    # BEGIN SOLUTION
    ix = torch.randint(len(data) - block_size, (batch_size,), generator=g).tolist()
    x = torch.stack([data[i:i + block_size] for i in ix])
    y = torch.stack([data[i + 1:i + block_size + 1] for i in ix])
    return x, y
    # END SOLUTION


def train(model, data, max_iters, learning_rate, g, snapshot=None):
    """``max_iters`` AdamW steps on batches of ``data`` (``get_batch``) at ``learning_rate``.

    With ``snapshot``, call ``snapshot(model)`` before the first step, every
    ``eval_interval`` steps and after the last: the grader evaluates each snapshot (it keeps
    at most 40) and counts the best, so overfitting late costs nothing.
    """
    # BEGIN SOLUTION
    optimizer = torch.optim.AdamW(model.parameters(), lr=learning_rate)
    model.train()
    for it in range(max_iters):
        if snapshot is not None and it % eval_interval == 0:
            snapshot(model)
        xb, yb = get_batch(data, batch_size, block_size, g)
        logits, loss = model(xb, yb)
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        optimizer.step()
    if snapshot is not None:
        snapshot(model)
    # END SOLUTION


def pretrain_and_finetune(kjv, shakespeare, g, snapshot, device="cpu"):
    """Pretrain a ``GPTLanguageModel(vocab_size, n_embd, n_head, n_layer, block_size)`` on ``kjv``,
    then finetune the same model on ``shakespeare`` at a lower learning rate, passing
    ``snapshot`` to the finetuning; return the model. Both texts come as their bytes, 1-D
    ``torch.uint8`` tensors: the token ids are ``.long()`` of them (move them to ``device``).
    Draw every batch from ``g``."""
    # BEGIN SOLUTION
    model = GPTLanguageModel(vocab_size, n_embd, n_head, n_layer, block_size).to(device)
    train(model, kjv.long().to(device), pretrain_iters, pretrain_lr, g)
    train(model, shakespeare.long().to(device), finetune_iters, finetune_lr, g, snapshot)
    return model
    # END SOLUTION
