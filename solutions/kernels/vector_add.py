"""Need for speed: vector add, the "hello world" of Triton.

A Triton kernel is written for one *program*: the launch grid runs many of them, each on a
block of ``BLOCK_SIZE`` elements, and ``tl.program_id(0)`` says which block is this one's. The
last block usually runs past the end of the vectors, so every load and store takes a mask.
On a machine without a GPU the grader runs your kernel under Triton's interpreter
(``TRITON_INTERPRET=1``); on a GPU it is also compiled and timed against torch.
"""
import torch
import triton
import triton.language as tl


@triton.jit
def add_kernel(x_ptr, y_ptr, output_ptr, n_elements, BLOCK_SIZE: tl.constexpr):
    """``output[i] = x[i] + y[i]`` for the ``BLOCK_SIZE`` indices of this program's block: the
    offsets are ``pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)``; mask those ``>= n_elements``
    in the loads and in the store."""
    # BEGIN SOLUTION
    pid = tl.program_id(axis=0)
    offsets = pid * BLOCK_SIZE + tl.arange(0, BLOCK_SIZE)
    mask = offsets < n_elements
    x = tl.load(x_ptr + offsets, mask=mask)
    y = tl.load(y_ptr + offsets, mask=mask)
    tl.store(output_ptr + offsets, x + y, mask=mask)
    # END SOLUTION


def add(x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    """``x + y`` for two 1-D tensors of the same size: allocate the output and launch
    ``add_kernel`` on a grid of ``triton.cdiv(n, BLOCK_SIZE)`` programs (BLOCK_SIZE 1024)."""
    # BEGIN SOLUTION
    output = torch.empty_like(x)
    n_elements = output.numel()
    grid = (triton.cdiv(n_elements, 1024),)
    add_kernel[grid](x, y, output, n_elements, BLOCK_SIZE=1024)
    return output
    # END SOLUTION
