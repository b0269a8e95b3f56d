"""The public checks of lecture4.E02. The judges rebuild the "trained" network themselves, so a fold
that edits what it was given loses only the check about its inputs."""
from __future__ import annotations

import torch

from grader.check import check
from grader.checks.lecture4 import course_layers, export_layer, fold_probe, folded_matches_eval_forward, same_layer, \
    trained_mlp
from grader.judge import Verdict, describe, failed, partial, true

FOLD_SPEC = (("linear", 30, 64, False), ("bn", 64, 1e-5), ("tanh",),
             ("linear", 64, 64, True), ("bn", 64, 1e-3), ("tanh",),
             ("linear", 64, 27, True))
ENDS_IN_BATCHNORM = (("linear", 20, 48, True), ("bn", 48, 1e-2), ("tanh",), ("linear", 48, 27, False), ("bn", 27, 1e-5))


@check(weight=3, case=dict(spec=FOLD_SPEC, seed=51))
def folded_net_matches_eval_forward(sub, spec, seed):
    return fold_probe(sub, spec, seed)


folded_net_matches_eval_forward.judge(folded_matches_eval_forward)


@check(case=dict(spec=ENDS_IN_BATCHNORM, seed=52, dtype=torch.float64, atol=1e-10))
def folded_in_float64(sub, **case):
    return fold_probe(sub, **case)


folded_in_float64.judge(folded_matches_eval_forward)

PAIR_SPECS = {f"bias={bias}": (("linear", 20, 16, bias), ("bn", 16, 1e-2)) for bias in (True, False)}


@check()
def fold_one_pair(sub):
    """fold(linear, bn) on its own, for a Linear with and one without a bias."""
    out = {}
    for key, spec in PAIR_SPECS.items():
        linear, bn = trained_mlp(spec, 61)
        with course_layers(sub):
            out[key] = export_layer(sub.fold(linear, bn))
    return out


@fold_one_pair.judge
def each_pair_folds_to_one_linear(got):
    verdicts = []
    for key, spec in PAIR_SPECS.items():
        layer = got[key]
        name = f"fold(linear, bn) for a Linear with {'a' if spec[0][3] else 'no'} bias"
        if layer.get("kind") != "Linear":
            verdicts.append(failed(f"{name} should give a Linear, got a {layer.get('kind')}"))
        elif layer["bias"] is None:
            verdicts.append(failed(f"{name} has no bias: the folded layer needs one, created if the Linear had "
                                   f"none"))
        else:
            v = folded_matches_eval_forward({"folded": [layer]}, spec, 61)
            verdicts.append(Verdict(v.fraction, tuple(f"{name}: {m}" for m in v.feedback)))
    return partial(verdicts)


@check(case=dict(spec=FOLD_SPEC, seed=53))
def fold_leaves_its_inputs(sub, spec, seed):
    layers, (linear, bn) = trained_mlp(spec, seed), trained_mlp(PAIR_SPECS["bias=True"], 62)
    given = list(layers)
    with course_layers(sub):
        folded = sub.fold_batchnorm(given)
        sub.fold(linear, bn)
    return {"folded": [export_layer(layer) for layer in folded] if isinstance(folded, list) else describe(folded),
            "network": [export_layer(layer) for layer in layers], "list_unchanged": given == layers,
            "pair": [export_layer(linear), export_layer(bn)]}


@fold_leaves_its_inputs.judge
def inputs_unchanged(got, spec, seed):
    if not folded_matches_eval_forward(got, spec, seed):     # leaving a network alone earns nothing by itself
        return failed("the inputs are checked once fold_batchnorm gives the right network: see "
                      "folded_net_matches_eval_forward")
    network = [i for i, (a, b) in enumerate(zip(got["network"], map(export_layer, trained_mlp(spec, seed))))
               if not same_layer(a, b)]
    pair = [name for name, a, b in zip(("linear", "bn"), got["pair"],
                                       map(export_layer, trained_mlp(PAIR_SPECS["bias=True"], 62)))
            if not same_layer(a, b)]
    return true(not network, f"fold_batchnorm changed the network it was given (layers[{(network or [0])[0]}]): "
                f"build new layers and leave the original as it was") & \
        true(got["list_unchanged"], "fold_batchnorm changed the list it was given: build a new list") & \
        true(not pair, f"fold(linear, bn) changed the {' and '.join(pair)} it was given: compute the new weight "
             f"and bias into a new Linear")
