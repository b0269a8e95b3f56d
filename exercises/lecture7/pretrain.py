"""Let's build GPT: from scratch, in code, spelled out: EX3: pretrain on the King James Bible, finetune on a slice of Shakespeare: beat training from scratch (graded training).

The statement of lecture7.EX3, as learners read it in their stub. (`coursekit new` wrote an example,
the mean of each row of a tensor, which the checks in grader/checks/lecture7/EX3.py and the test in tests/lecture7/test_EX3.py
grade; replace it in all three.)
"""
import torch


def row_means(x: torch.Tensor) -> torch.Tensor:
    """The mean of each row of ``x`` (rows, cols): a tensor of shape (rows,)."""
    raise NotImplementedError
