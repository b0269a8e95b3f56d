"""The public checks of lecture2.E05."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture2 import ce_probe, judge_loss_grad, judge_stable
from grader.judge import failed, is_number, passed

# each case: (rows, classes, scale, shift, seed, what the feedback calls it); logits = scale * randn + shift
LOGITS = ((32, 27, 2.0, 0.0, 0, "32 x 27 logits"), (5, 8, 1.0, 0.0, 3, "5 x 8 logits"))


def matches(got, want, cases, loss: str):
    verdict = passed()
    for g, w, case in zip(got, want, cases):
        if is_number(g["loss"]) and abs(g["loss"] - case[0] * w["loss"]) <= 1e-4 * abs(case[0] * w["loss"]):
            return failed(f"{loss} on {case[-1]} is {case[0]} times the expected {w['loss']:.6g}: the loss is the "
                          f"mean over the {case[0]} examples (.mean()), not their sum")
        verdict &= judge_loss_grad(g, w, f"{loss} on {case[-1]}", wrt="logits")
    return verdict


@check(case=dict(cases=LOGITS))
def manual_match(sub, cases):
    return ce_probe(sub.manual_loss, cases)


@manual_match.judge
def manual_loss_matches_reference(got, want, cases):
    return matches(got, want, cases, "manual_loss")


@check(case=dict(cases=LOGITS))
def ce_matches_manual(sub, cases):
    return ce_probe(sub.ce_loss, cases)


@ce_matches_manual.judge
def ce_loss_matches_reference(got, want, cases):
    return matches(got, want, cases, "ce_loss")


@check(weight=2, case=dict(cases=((32, 27, 100.0, 0.0, 2, "logits ~100"),)))
def large_logits(sub, cases):
    return ce_probe(sub.ce_loss, cases)


@large_logits.judge
def ce_loss_stays_finite(got, want, cases):
    verdict = passed()
    for g, w, case in zip(got, want, cases):
        verdict &= judge_stable(g, w, f"ce_loss on {case[-1]}")
    return verdict
