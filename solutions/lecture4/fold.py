"""Lecture 4, exercise E02: fold BatchNorm into the Linear layer before it.

After training, a BatchNorm1d in eval mode is a fixed affine map of each feature:
``gamma * (z - running_mean) / sqrt(running_var + eps) + beta``. When ``z`` comes
straight out of a Linear layer (``z = x @ weight + bias``), that map can be folded into
the Linear's weight and bias, and the BatchNorm removed: one layer less to run at
inference time, and the same outputs.

The grader runs this with its own copies of Linear and BatchNorm1d (same API as
layers.py), so a slip in layers.py only costs points there.
"""
import torch

from layers import BatchNorm1d, Linear


def fold(linear, bn):
    """A new ``Linear`` equal to ``bn(linear(x))`` with ``bn`` in eval mode.

    ``linear`` has ``weight`` (fan_in, fan_out) and ``bias`` (fan_out) or ``None``;
    ``bn`` has ``gamma``, ``beta``, ``running_mean``, ``running_var`` (of fan_out values,
    possibly shaped (1, fan_out) after training) and ``eps``. Use the running statistics
    whatever ``bn.training`` says, and leave ``linear`` and ``bn`` unchanged. The new
    layer always has a bias, even where ``linear`` had none.
    """
    # BEGIN SOLUTION
    with torch.no_grad():
        scale = bn.gamma.view(-1) / torch.sqrt(bn.running_var.view(-1) + bn.eps)
        bias = linear.bias if linear.bias is not None else torch.zeros_like(bn.beta.view(-1))
        folded = Linear(linear.weight.shape[0], linear.weight.shape[1], bias=True)
        folded.weight = linear.weight * scale
        folded.bias = (bias - bn.running_mean.view(-1)) * scale + bn.beta.view(-1)
    return folded
    # END SOLUTION


def fold_batchnorm(layers):
    """A new list of layers that computes what ``layers`` compute in eval mode, without BatchNorm.

    Every ``BatchNorm1d`` in ``layers`` directly follows a ``Linear``; replace each such
    pair by ``fold(linear, bn)``. Every other layer (``Tanh``, a Linear with no BatchNorm
    after it) is kept as it is. ``layers`` itself is left unchanged.
    """
    # BEGIN SOLUTION
    folded = []
    for layer in layers:
        if isinstance(layer, BatchNorm1d):
            linear = folded.pop()  # the Linear right before this BatchNorm
            folded.append(fold(linear, layer))
        else:
            folded.append(layer)
    return folded
    # END SOLUTION
