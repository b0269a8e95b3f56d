"""The public checks of lecture4.E02."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture4 import course_layers, export_layer, fold_probe, judge_fold, trained_mlp
from grader.judge import Verdict, failed, partial


FOLD_SPEC = (("linear", 30, 64, False), ("bn", 64, 1e-5), ("tanh",),
             ("linear", 64, 64, True), ("bn", 64, 1e-3), ("tanh",),
             ("linear", 64, 27, True))


@check(weight=3)
def folded_net_matches_eval_forward(sub):
    return fold_probe(sub, FOLD_SPEC, 51)


folded_net_matches_eval_forward.judge(lambda got, want: judge_fold(got, want, FOLD_SPEC, 51))


@check()
def folded_in_float64(sub):
    return fold_probe(sub, FOLD_SPEC, 52, dtype=torch.float64)


folded_in_float64.judge(lambda got, want: judge_fold(got, want, FOLD_SPEC, 52, torch.float64, atol=1e-10))


FOLD_PAIR_SPECS = {f"bias={bias}": (("linear", 20, 16, bias), ("bn", 16, 1e-2)) for bias in (True, False)}


@check()
def fold_one_pair(sub):
    """fold(linear, bn) on its own, for a Linear with and one without a bias."""
    out = {}
    for key, spec in FOLD_PAIR_SPECS.items():
        linear, bn = trained_mlp(spec, 61)
        with course_layers(sub):
            out[key] = export_layer(sub.fold(linear, bn))
    return out


@fold_one_pair.judge
def _(got, want):
    verdicts = []
    for key, spec in FOLD_PAIR_SPECS.items():
        layer = got[key]
        name = f"fold(linear, bn) for a Linear with {'a' if spec[0][3] else 'no'} bias"
        if layer.get("kind") != "Linear":
            verdicts.append(failed(f"{name} should give a Linear, got a {layer.get('kind')}"))
        elif layer["bias"] is None:
            verdicts.append(failed(f"{name} has no bias: the folded layer needs one, created if the Linear had "
                                   f"none"))
        else:
            v = judge_fold({"folded": [layer], "original": [], "list_unchanged": True}, want, spec, 61)
            verdicts.append(Verdict(v.fraction, tuple(f"{name}: {m}" for m in v.feedback)))
    return partial(verdicts)
