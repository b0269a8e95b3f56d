"""Lecture 5: becoming a backprop ninja.

The MLP of lecture 4 (embedding, Linear, BatchNorm, tanh, Linear, cross-entropy), its
forward pass broken into small steps (given below, as in the lecture), and the
backward pass written by hand, without ``loss.backward()``:

- ex1: the gradient of the loss with respect to every intermediate tensor and every
  parameter, one step at a time, in reverse order (``dlogprobs`` ... ``dC``);
- ex2: the gradient with respect to the logits through the whole cross-entropy, in one
  expression;
- ex3: the gradient with respect to the BatchNorm's input through the whole BatchNorm,
  in one expression;
- ex4: a training loop that uses only these hand-written gradients.

The grader compares every gradient with what PyTorch's autograd computes, like the
lecture's ``cmp``, and runs your code with autograd switched off.
"""
import torch
import torch.nn.functional as F

PARAMETER_NAMES = ("C", "W1", "b1", "W2", "b2", "bngain", "bnbias")

# The gradients of ex1, in the order the lecture computes them (backwards).
GRADIENT_NAMES = ("dlogprobs", "dprobs", "dcounts_sum_inv", "dcounts_sum", "dcounts", "dnorm_logits",
                  "dlogit_maxes", "dlogits", "dh", "dW2", "db2", "dhpreact", "dbngain", "dbnbias", "dbnraw",
                  "dbnvar_inv", "dbnvar", "dbndiff2", "dbndiff", "dbnmeani", "dhprebn", "dembcat", "dW1",
                  "db1", "demb", "dC")


def init_params(vocab_size=27, block_size=3, n_embd=10, n_hidden=64, generator=None):
    """The lecture's parameters, initialised in its deliberately non-standard way (given).

    Small random biases and a BatchNorm gain near (not at) one, so that a wrong backward
    pass cannot hide behind zeros. Unlike the lecture, ``bngain`` and ``bnbias`` are also
    drawn from ``generator`` (the lecture drew them from the global RNG).
    """
    g = generator
    C = torch.randn((vocab_size, n_embd), generator=g)
    W1 = torch.randn((n_embd * block_size, n_hidden), generator=g) * (5 / 3) / ((n_embd * block_size) ** 0.5)
    b1 = torch.randn(n_hidden, generator=g) * 0.1
    W2 = torch.randn((n_hidden, vocab_size), generator=g) * 0.1
    b2 = torch.randn(vocab_size, generator=g) * 0.1
    bngain = torch.randn((1, n_hidden), generator=g) * 0.1 + 1.0
    bnbias = torch.randn((1, n_hidden), generator=g) * 0.1
    return {"C": C, "W1": W1, "b1": b1, "W2": W2, "b2": b2, "bngain": bngain, "bnbias": bnbias}


def forward(params, Xb, Yb):
    """The lecture's forward pass, "chunkated" into steps that can be backpropagated one at a time (given).

    Returns a dict of every intermediate tensor, by the lecture's names, and ``loss``.
    """
    C, W1, b1, W2, b2 = (params[k] for k in ("C", "W1", "b1", "W2", "b2"))
    bngain, bnbias = params["bngain"], params["bnbias"]
    n = Xb.shape[0]
    emb = C[Xb]  # embed the characters into vectors
    embcat = emb.view(emb.shape[0], -1)  # concatenate the vectors
    # Linear layer 1
    hprebn = embcat @ W1 + b1  # hidden layer pre-activation
    # BatchNorm layer
    bnmeani = 1 / n * hprebn.sum(0, keepdim=True)
    bndiff = hprebn - bnmeani
    bndiff2 = bndiff**2
    bnvar = 1 / (n - 1) * (bndiff2).sum(0, keepdim=True)  # note: Bessel's correction (dividing by n-1, not n)
    bnvar_inv = (bnvar + 1e-5) ** -0.5
    bnraw = bndiff * bnvar_inv
    hpreact = bngain * bnraw + bnbias
    # Non-linearity
    h = torch.tanh(hpreact)  # hidden layer
    # Linear layer 2
    logits = h @ W2 + b2  # output layer
    # cross entropy loss (same as F.cross_entropy(logits, Yb))
    logit_maxes = logits.max(1, keepdim=True).values
    norm_logits = logits - logit_maxes  # subtract max for numerical stability
    counts = norm_logits.exp()
    counts_sum = counts.sum(1, keepdims=True)
    counts_sum_inv = counts_sum**-1  # if I use (1.0 / counts_sum) instead then I can't get backprop to be bit exact...
    probs = counts * counts_sum_inv
    logprobs = probs.log()
    loss = -logprobs[range(n), Yb].mean()
    return {"emb": emb, "embcat": embcat, "hprebn": hprebn, "bnmeani": bnmeani, "bndiff": bndiff,
            "bndiff2": bndiff2, "bnvar": bnvar, "bnvar_inv": bnvar_inv, "bnraw": bnraw, "hpreact": hpreact,
            "h": h, "logits": logits, "logit_maxes": logit_maxes, "norm_logits": norm_logits, "counts": counts,
            "counts_sum": counts_sum, "counts_sum_inv": counts_sum_inv, "probs": probs, "logprobs": logprobs,
            "loss": loss}


def cmp(s, dt, t):
    """The lecture's check of a manual gradient ``dt`` against autograd's ``t.grad`` (given)."""
    ex = torch.all(dt == t.grad).item()
    app = torch.allclose(dt, t.grad)
    maxdiff = (dt - t.grad).abs().max().item()
    print(f'{s:15s} | exact: {str(ex):5s} | approximate: {str(app):5s} | maxdiff: {maxdiff}')


def backward_ex1(params, cache, Xb, Yb):
    """Exercise 1: backprop through the whole thing manually, one variable at a time.

    ``params`` holds the parameters (PARAMETER_NAMES), ``cache`` the intermediate tensors
    of ``forward(params, Xb, Yb)`` (same names, e.g. ``cache["probs"]``), all without
    autograd. Return a dict with every name of GRADIENT_NAMES: ``"dlogprobs"`` is the
    gradient of the loss w.r.t. ``logprobs``, and so on down to ``"dC"``; each has the
    shape of its tensor. Go backwards through the forward pass exactly as it is written:
    where a tensor is used twice, its gradient is the sum of both uses (``counts``,
    ``bndiff``, ``hprebn``, ``logits``: the max is a branch too), and a row of ``C`` used
    by several examples collects all their gradients.
    """
    raise NotImplementedError


def dlogits_ex2(logits, Yb):
    """Exercise 2: the gradient of ``F.cross_entropy(logits, Yb)`` w.r.t. ``logits``, in one go.

    ``logits`` is (n, vocab_size), ``Yb`` (n,). Take the derivative of the loss on paper,
    simplify it, and write it out: a few operations on ``logits`` (softmax, the targets,
    n), not the step-by-step chain of ex1.
    """
    raise NotImplementedError


def dhprebn_ex3(dhpreact, bngain, bnvar_inv, bnraw):
    """Exercise 3: backprop through the whole BatchNorm in one expression.

    Given the gradient ``dhpreact`` (n, n_hidden) of the BatchNorm's output and, from the
    forward pass, ``bngain`` and ``bnvar_inv`` (1, n_hidden) and ``bnraw`` (n, n_hidden),
    return ``dhprebn`` (n, n_hidden), the gradient w.r.t. the BatchNorm's input. The
    variance in the forward pass is the unbiased one (Bessel's correction, 1/(n-1)).
    """
    raise NotImplementedError


def train_ex4(params, Xtr, Ytr, steps, batch_size=32, lr=0.1, generator=None):
    """Exercise 4: train the MLP with your own backward pass only; returns the trained params.

    ``params`` is a dict as from ``init_params`` (tensors that do not require grad). Each
    step: ``ix = torch.randint(0, Xtr.shape[0], (batch_size,), generator=generator)``,
    the forward pass on ``Xtr[ix], Ytr[ix]``, your manual gradients (ex2 and ex3 make
    this short), and ``p += -lr * grad`` for every parameter. Do not call ``backward()``
    or use autograd in any other way: the grader runs this with autograd switched off.
    Return a dict of the trained tensors by PARAMETER_NAMES.
    """
    raise NotImplementedError
