"""Lecture 4, part 1: the layers of a deep network, written like torch.nn's.

Three small classes with the API of ``torch.nn`` modules (call them on a batch, ask
them for their ``parameters()``), as at the end of the lecture:

- ``Linear``: ``x @ weight (+ bias)``, weight drawn as ``randn / fan_in**0.5``;
- ``BatchNorm1d``: normalise each feature over the batch, scale by ``gamma`` and shift by
  ``beta``; keep running estimates of the mean and variance for evaluation;
- ``Tanh``: the non-linearity.

Every layer keeps its last output in ``self.out``, so the lecture's diagnostics
(activation and gradient histograms) can read it after a forward pass.
"""
import torch


class Linear:
    """A fully connected layer: ``out = x @ weight + bias``.

    ``Linear(fan_in, fan_out, bias=True, generator=None)``:
    ``weight`` is ``torch.randn((fan_in, fan_out), generator=generator) / fan_in**0.5``
    (note the layout: fan_in rows, fan_out columns, so a batch ``x`` of shape
    (B, fan_in) multiplies from the left); ``bias`` is ``torch.zeros(fan_out)``, or
    ``None`` when ``bias=False``.
    """

    def __init__(self, fan_in, fan_out, bias=True, generator=None):
        # BEGIN SOLUTION
        self.weight = torch.randn((fan_in, fan_out), generator=generator) / fan_in**0.5
        self.bias = torch.zeros(fan_out) if bias else None
        # END SOLUTION

    def __call__(self, x):
        """``x`` (B, fan_in) -> (B, fan_out); also stored in ``self.out``."""
        # BEGIN SOLUTION
        self.out = x @ self.weight
        if self.bias is not None:
            self.out = self.out + self.bias
        return self.out
        # END SOLUTION

    def parameters(self):
        """``[weight]``, or ``[weight, bias]`` when the layer has a bias."""
        # BEGIN SOLUTION
        return [self.weight] + ([] if self.bias is None else [self.bias])
        # END SOLUTION


class BatchNorm1d:
    """Batch normalisation over the batch dimension (dim 0) of a (B, dim) input.

    ``BatchNorm1d(dim, eps=1e-5, momentum=0.1)`` has
    - parameters ``gamma = torch.ones(dim)`` and ``beta = torch.zeros(dim)`` (trained with
      backprop; ``parameters()`` returns ``[gamma, beta]``);
    - buffers ``running_mean = torch.zeros(dim)`` and ``running_var = torch.ones(dim)``;
    - ``training = True`` (set it to False to evaluate).

    Forward: in training mode use the batch's mean ``x.mean(0, keepdim=True)`` and
    variance ``x.var(0, keepdim=True)`` (the unbiased one, dividing by B - 1, as in the
    lecture); in eval mode use the running buffers instead. Then
    ``xhat = (x - mean) / sqrt(var + eps)`` and ``out = gamma * xhat + beta`` (kept in
    ``self.out``). In training mode only, update the buffers without tracking gradients
    (``torch.no_grad()``): ``running = (1 - momentum) * running + momentum * batch_stat``.
    """

    def __init__(self, dim, eps=1e-5, momentum=0.1):
        # BEGIN SOLUTION
        self.eps = eps
        self.momentum = momentum
        self.training = True
        # parameters (trained with backprop)
        self.gamma = torch.ones(dim)
        self.beta = torch.zeros(dim)
        # buffers (trained with a running 'momentum update')
        self.running_mean = torch.zeros(dim)
        self.running_var = torch.ones(dim)
        # END SOLUTION

    def __call__(self, x):
        """``x`` (B, dim) -> (B, dim); also stored in ``self.out``."""
        # BEGIN SOLUTION
        if self.training:
            xmean = x.mean(0, keepdim=True)  # batch mean
            xvar = x.var(0, keepdim=True)  # batch variance (unbiased, as in the lecture)
        else:
            xmean = self.running_mean
            xvar = self.running_var
        xhat = (x - xmean) / torch.sqrt(xvar + self.eps)  # normalise to unit variance
        self.out = self.gamma * xhat + self.beta
        if self.training:
            with torch.no_grad():
                self.running_mean = (1 - self.momentum) * self.running_mean + self.momentum * xmean
                self.running_var = (1 - self.momentum) * self.running_var + self.momentum * xvar
        return self.out
        # END SOLUTION

    def parameters(self):
        """``[gamma, beta]`` (the running buffers are not parameters)."""
        # BEGIN SOLUTION
        return [self.gamma, self.beta]
        # END SOLUTION


class Tanh:
    """The tanh non-linearity; no parameters."""

    def __call__(self, x):
        """``torch.tanh(x)``, also stored in ``self.out``."""
        # BEGIN SOLUTION
        self.out = torch.tanh(x)
        return self.out
        # END SOLUTION

    def parameters(self):
        """``[]``."""
        # BEGIN SOLUTION
        return []
        # END SOLUTION
