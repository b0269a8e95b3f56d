"""Let's reproduce GPT-2 (124M): HellaSwag-style scoring, as in build-nanogpt's hellaswag.py.

A HellaSwag item is a context and four endings, one of them right. The model reads each
ending after the context; the ending it finds most likely, by the average loss of the ending's
tokens (the context's tokens don't count), is its answer. Averaging rather than summing keeps a
long ending from losing just for being long ("acc_norm").
"""
import torch
from torch.nn import functional as F


def render_example(ctx_tokens, endings_tokens):
    """(tokens, mask), each a (len(endings_tokens), L) int64 tensor: row i holds ``ctx_tokens`` then
    ending i's tokens, padded with 0 to L, the longest row's length; ``mask`` is 1 on the ending's
    tokens and 0 on the context and the padding."""
    # BEGIN SOLUTION
    rows = [list(ctx_tokens) + list(end) for end in endings_tokens]
    L = max(len(r) for r in rows)
    tokens = torch.zeros((len(rows), L), dtype=torch.long)
    mask = torch.zeros((len(rows), L), dtype=torch.long)
    for i, (row, end) in enumerate(zip(rows, endings_tokens)):
        tokens[i, :len(row)] = torch.tensor(row)
        mask[i, len(ctx_tokens):len(row)] = 1
    return tokens, mask
    # END SOLUTION


def get_most_likely_row(tokens, mask, logits):
    """The row (an int) whose ending has the lowest average loss: ``logits`` (rows, L, vocab) are the
    model's predictions at each position of ``tokens``, so position t predicts token t + 1; the loss
    of each ending token is averaged over the tokens ``mask`` marks."""
    # BEGIN SOLUTION
    shift_logits = logits[..., :-1, :].contiguous()
    shift_tokens = tokens[..., 1:].contiguous()
    losses = F.cross_entropy(shift_logits.view(-1, shift_logits.size(-1)), shift_tokens.view(-1), reduction="none")
    losses = losses.view(tokens.size(0), -1)
    shift_mask = mask[..., 1:].contiguous()  # the mask of the predicted tokens
    avg_loss = (losses * shift_mask).sum(dim=1) / shift_mask.sum(dim=1)
    return avg_loss.argmin().item()
    # END SOLUTION
