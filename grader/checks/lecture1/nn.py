"""The public checks of lecture1.nn."""
from __future__ import annotations

from grader.check import check
from grader.checks.lecture1 import (
    LECTURE_NET, mlps_match_torch, net, number, probe_mlp, trusting, zero_grad_clears_every_grad,
)
from grader.judge import failed, is_number, passed


@check()
def structure(sub):
    trusting(sub)
    x = [0.5, -1.0, 2.0]
    neuron, layer1, layer2, mlp = sub.Neuron(3), sub.Layer(3, 1), sub.Layer(3, 4), sub.MLP(3, [4, 4, 1])
    params = mlp.parameters()
    return {
        "neuron": len(neuron.parameters()), "layer": len(layer2.parameters()), "mlp": len(params),
        "distinct": len({id(p) for p in params}),
        "layer1_returns_list": isinstance(layer1(x), list),
        "layer4_outputs": len(layer2(x)) if isinstance(layer2(x), list) else -1,
        "init": [number(p.data) for p in params],
        "neuron_value": type(neuron(x)).__name__,
    }


@structure.judge
def sizes_and_init_match_reference(got, want):
    init = got["init"]
    verdict = passed()
    for key, what in (("neuron", "Neuron(3)"), ("layer", "Layer(3, 4)"), ("mlp", "MLP(3, [4, 4, 1])")):
        if got[key] != want[key]:
            verdict &= failed(f"{what}.parameters() has {got[key]} entries, expected {want[key]}")
    if got["distinct"] != got["mlp"]:
        verdict &= failed("MLP.parameters() lists the same Value more than once: every neuron needs its own")
    if got["layer1_returns_list"]:
        verdict &= failed("Layer(3, 1)(x) returns a list: a layer of one neuron returns that Value itself")
    if got["layer4_outputs"] != 4:
        verdict &= failed(f"Layer(3, 4)(x) should return a list of 4 Values, got {got['layer4_outputs']}")
    if got["neuron_value"] != want["neuron_value"]:
        verdict &= failed(f"Neuron(3)(x) returns a {got['neuron_value']}, expected a Value")
    numbers = [v for v in init if is_number(v)]
    if len(numbers) != len(init) or any(abs(v) > 1 for v in numbers):
        verdict &= failed("initial weights and biases should be random.uniform(-1, 1)")
    elif len(set(numbers)) < len(numbers) // 2:
        verdict &= failed("the initial parameters are (nearly) all equal: draw each from random.uniform(-1, 1)")
    return verdict


# the lecture's network, and one of two outputs (a list of Values, list targets)
@check(weight=3, case=dict(nets=({**LECTURE_NET, "seed": 404}, net(2, (3, 2), 5, 611))))
def forward_backward(sub, nets):
    return [probe_mlp(sub, **n) for n in nets]


forward_backward.judge(mlps_match_torch)


@check()
def zero_grad(sub):
    return probe_mlp(sub, **LECTURE_NET, seed=405)


zero_grad.judge(zero_grad_clears_every_grad)
