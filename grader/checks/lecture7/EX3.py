"""The public checks of lecture7.EX3: EX3: pretrain on the King James Bible, finetune on a slice of Shakespeare: beat training from scratch (graded training).

The probe runs in the sandbox on the learner's module and returns plain data; the judge runs in
the grader, is named after what it judges, and takes ``want`` only if the reference must run.
"""
import torch

from grader.check import check
from grader.judge import close


@check(weight=1, case=dict(rows=4, cols=3))
def row_means(sub, rows, cols):
    return {"means": sub.row_means(torch.randn(rows, cols))}


@row_means.judge
def row_means_match_reference(got, want):
    return close(got["means"], want["means"], name="row_means(x)")
