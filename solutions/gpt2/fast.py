"""Let's reproduce GPT-2 (124M): the lecture's speed-ups that change no result beyond rounding.

- Flash attention: ``F.scaled_dot_product_attention(q, k, v, is_causal=True)`` does the scores,
  the causal mask, the softmax and the weighted sum in one fused kernel that never stores the
  (T, T) attention matrix; the same function as the four lines it replaces.
- bfloat16 autocast: matrix multiplies run in bf16 (float32's range, 8 bits of mantissa), the
  rest stays float32. ``torch.autocast`` takes a device *type*, "cuda" or "cpu", never "cuda:0".
- A "nice" vocabulary size: 50,257 tokens padded to 50,304 (a multiple of 64, 128, …) makes the
  embedding and head matrices tile evenly on a GPU; the extra ids never occur in the data, so
  training learns to drive their logits down, and nothing else changes. That holds only while the
  data has none of them: ``encode_documents`` makes the token stream the model trains on.
"""
import torch
from torch.nn import functional as F


def attention(q, k, v):
    """Causal attention of q, k, v, each (B, n_head, T, head_size) -> (B, n_head, T, head_size):
    softmax(q @ k^T / sqrt(head_size), masked so that position t sees positions <= t) @ v, by
    ``F.scaled_dot_product_attention``."""
    # BEGIN SOLUTION
    return F.scaled_dot_product_attention(q, k, v, is_causal=True)
    # END SOLUTION


def forward_bf16(model, idx, targets, device):
    """``model(idx, targets)`` under bfloat16 autocast on ``device`` ("cpu", "cuda", "cuda:1", …)."""
    # BEGIN SOLUTION
    device_type = "cuda" if device.startswith("cuda") else "cpu"
    with torch.autocast(device_type=device_type, dtype=torch.bfloat16):
        return model(idx, targets)
    # END SOLUTION


def padded_vocab_size(vocab_size, multiple=64):
    """The smallest multiple of ``multiple`` that holds ``vocab_size`` ids (50257 -> 50304)."""
    # BEGIN SOLUTION
    return -(-vocab_size // multiple) * multiple
    # END SOLUTION


def encode_documents(docs, enc):
    """The token ids of the strings ``docs`` as one 1-D integer tensor, as build-nanogpt writes its
    shards: before each document the end-of-text token ``enc.eot_token`` (50256), then
    ``enc.encode_ordinary(doc)``. ``enc`` is tiktoken's "gpt2" Encoding. Every id is one of the
    tokenizer's 50,257 (0..50256): the padded ids 50257..50303 must never occur, as inputs or as
    targets. Any integer dtype that holds them will do: int64, or uint16 as the lecture's shards
    (it holds every id below 65,536; int16 does not)."""
    # BEGIN SOLUTION
    ids = []
    for doc in docs:
        ids.append(enc.eot_token)  # the delimiter starts each document
        ids.extend(enc.encode_ordinary(doc))
    return torch.tensor(ids, dtype=torch.long)
    # END SOLUTION
