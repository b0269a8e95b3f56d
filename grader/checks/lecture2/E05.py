"""The public checks of lecture2.E05."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture2 import ce_matches_reference, ce_probe, ce_stays_finite

# each case: (rows, classes, scale, shift, seed, what the feedback calls it); logits = scale * randn + shift
LOGITS = ((32, 27, 2.0, 0.0, 0, "32 x 27 logits"), (5, 8, 1.0, 0.0, 3, "5 x 8 logits"))


@check(case=dict(fn="manual_loss", cases=LOGITS))
def manual_match(sub, **case):
    return ce_probe(sub, **case)


@check(case=dict(fn="ce_loss", cases=LOGITS))
def ce_matches_manual(sub, **case):
    return ce_probe(sub, **case)


@check(weight=2, case=dict(fn="ce_loss", cases=((32, 27, 100.0, 0.0, 2, "logits ~100"),)))
def large_logits(sub, **case):
    return ce_probe(sub, **case)


manual_match.judge(ce_matches_reference)
ce_matches_manual.judge(ce_matches_reference)
large_logits.judge(ce_stays_finite)
