"""The hidden checks of lecture7.EX3: another slice of Shakespeare (and its held-out text), from a seed never
shown to learners (a different ``given``, so written out rather than a case)."""
from __future__ import annotations

from functools import partial

from grader.check import check
from grader.checks.lecture7.EX3 import judge_pretraining, pretrain_probe, training_texts

HIDDEN_SLICE = 5_311


@check(weight=4, given=partial(training_texts, HIDDEN_SLICE), case=dict(seed=8))
def pretraining_helps_held_out(sub, kjv, shakespeare, seed):
    return pretrain_probe(sub, kjv, shakespeare, seed)


@pretraining_helps_held_out.judge
def finetuned_beats_scratch_on_a_hidden_slice(got):
    return judge_pretraining(got, HIDDEN_SLICE)
