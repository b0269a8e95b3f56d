"""Lecture 4, part 2: the deep network of the lecture and its diagnostics.

Six ``Linear`` layers with ``BatchNorm1d`` and ``Tanh`` between them (or without the
BatchNorms, to see why they help), initialised Kaiming-style: each hidden ``Linear``'s
``randn / fan_in**0.5`` weight is multiplied by the gain of tanh, 5/3, and the output
layer is made less confident. Then the lecture's training loop and the numbers it
plots, returned as plain Python numbers: activation statistics (mean, std, the
percentage of saturated tanh units, ``|t| > 0.97``), gradient statistics, and the
update-to-data ratio ``log10((lr * grad).std() / data.std())`` of every parameter.

The grader runs these functions with its own copies of Linear, BatchNorm1d and Tanh
(same API as layers.py), so a slip in layers.py only costs points there.
"""
import torch
import torch.nn.functional as F

from layers import BatchNorm1d, Linear, Tanh


def build_network(vocab_size=27, block_size=3, n_embd=10, n_hidden=100, n_layers=6,
                  batchnorm=True, gain=5/3, generator=None):
    """The lecture's deep MLP: returns ``(C, layers)``.

    - ``C = torch.randn((vocab_size, n_embd), generator=generator)`` first, then the
      Linear layers in order (each drawing its weight from ``generator``):
      ``Linear(n_embd * block_size, n_hidden)``, ``n_layers - 2`` times
      ``Linear(n_hidden, n_hidden)``, and ``Linear(n_hidden, vocab_size)``.
    - With ``batchnorm=True`` every Linear has ``bias=False`` and is followed by a
      ``BatchNorm1d`` of its width; without, the Linears keep their bias. Every layer
      but the last is then followed by ``Tanh()``. For 6 layers with BatchNorm:
      ``[Linear, BatchNorm1d, Tanh] * 5 + [Linear, BatchNorm1d]``.
    - Under ``torch.no_grad()``: make the last layer less confident (``gamma *= 0.1`` of
      the last BatchNorm1d, or ``weight *= 0.1`` of the last Linear without BatchNorm),
      and multiply the weight of every other Linear by ``gain``.
    - Finally every parameter (``C`` and the layers' ``parameters()``) gets
      ``requires_grad = True``.
    """
    # BEGIN SOLUTION
    C = torch.randn((vocab_size, n_embd), generator=generator)
    sizes = [n_embd * block_size] + [n_hidden] * (n_layers - 1) + [vocab_size]
    layers = []
    for i, (fan_in, fan_out) in enumerate(zip(sizes, sizes[1:])):
        layers.append(Linear(fan_in, fan_out, bias=not batchnorm, generator=generator))
        if batchnorm:
            layers.append(BatchNorm1d(fan_out))
        if i < n_layers - 1:
            layers.append(Tanh())
    with torch.no_grad():
        # last layer: make less confident
        if batchnorm:
            layers[-1].gamma *= 0.1
        else:
            layers[-1].weight *= 0.1
        # all other layers: apply gain
        for layer in layers[:-1]:
            if isinstance(layer, Linear):
                layer.weight *= gain
    for p in parameters(C, layers):
        p.requires_grad = True
    return C, layers
    # END SOLUTION


def parameters(C, layers):
    """Every parameter of the network: ``[C]`` then each layer's ``parameters()`` in order."""
    return [C] + [p for layer in layers for p in layer.parameters()]


def forward(C, layers, X):
    """Logits (B, vocab_size) for contexts ``X`` (B, block_size) of character indices.

    Embed (``C[X]``), concatenate the block_size vectors of each example into one row,
    then call every layer in turn.
    """
    # BEGIN SOLUTION
    emb = C[X]  # embed the characters into vectors
    x = emb.view(emb.shape[0], -1)  # concatenate the vectors
    for layer in layers:
        x = layer(x)
    return x
    # END SOLUTION


def train(C, layers, X, Y, steps, batch_size=32, lr=0.1, generator=None):
    """The lecture's training loop; returns ``(lossi, ud)`` and updates the parameters in place.

    Each step: a minibatch ``ix = torch.randint(0, X.shape[0], (batch_size,),
    generator=generator)``, the forward pass, ``F.cross_entropy``; ``retain_grad()`` on
    every layer's ``out`` (for the gradient diagnostics), reset every parameter's grad to
    None, ``backward()``, then ``p.data += -lr * p.grad`` for every parameter.
    ``lossi`` is the list of the steps' losses (Python floats); ``ud`` has one list per
    step: ``update_to_data(parameters(C, layers), lr)`` right after the update.
    """
    # BEGIN SOLUTION
    params = parameters(C, layers)
    lossi, ud = [], []
    for _ in range(steps):
        ix = torch.randint(0, X.shape[0], (batch_size,), generator=generator)
        Xb, Yb = X[ix], Y[ix]
        loss = F.cross_entropy(forward(C, layers, Xb), Yb)
        for layer in layers:
            layer.out.retain_grad()
        for p in params:
            p.grad = None
        loss.backward()
        for p in params:
            p.data += -lr * p.grad
        lossi.append(loss.item())
        ud.append(update_to_data(params, lr))
    return lossi, ud
    # END SOLUTION


def activation_stats(layers):
    """For every ``Tanh`` among ``layers[:-1]``, the statistics of its ``out``.

    A list of dicts ``{"layer": i, "mean": ..., "std": ..., "saturated": ...}`` (i is the
    index in ``layers``; floats), where ``saturated`` is the percentage (0..100) of
    values with ``|t| > 0.97``.
    """
    # BEGIN SOLUTION
    stats = []
    for i, layer in enumerate(layers[:-1]):
        if isinstance(layer, Tanh):
            t = layer.out
            stats.append({"layer": i, "mean": t.mean().item(), "std": t.std().item(),
                          "saturated": ((t.abs() > 0.97).float().mean() * 100).item()})
    return stats
    # END SOLUTION


def gradient_stats(layers):
    """For every ``Tanh`` among ``layers[:-1]``, the statistics of the gradient of its ``out``.

    A list of dicts ``{"layer": i, "mean": ..., "std": ...}`` of ``layer.out.grad``
    (kept by ``retain_grad()`` during the backward pass).
    """
    # BEGIN SOLUTION
    stats = []
    for i, layer in enumerate(layers[:-1]):
        if isinstance(layer, Tanh):
            t = layer.out.grad
            stats.append({"layer": i, "mean": t.mean().item(), "std": t.std().item()})
    return stats
    # END SOLUTION


def update_to_data(params, lr):
    """The update-to-data ratio of every parameter, on a log10 scale (a list of floats).

    ``((lr * p.grad).std() / p.data.std()).log10()`` for each ``p`` in ``params``; the
    lecture aims for about -3.
    """
    # BEGIN SOLUTION
    with torch.no_grad():
        return [((lr * p.grad).std() / p.data.std()).log10().item() for p in params]
    # END SOLUTION
