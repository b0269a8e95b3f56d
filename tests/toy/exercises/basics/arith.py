"""Adding tensors: the smallest exercise the engine can grade."""
import torch


def add(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Return a + b."""
    raise NotImplementedError


def scale(x: torch.Tensor, k: float) -> torch.Tensor:
    """Return x multiplied by k."""
    raise NotImplementedError
