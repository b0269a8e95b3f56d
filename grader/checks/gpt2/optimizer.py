"""The public checks of gpt2.optimizer: the learner's ``configure_optimizers`` called on the grader's
GPT (so a mistake in the model costs the model exercise only), its groups read back by parameter
name. The decay rule is judged from the groups themselves; fused AdamW on a CUDA device."""
from __future__ import annotations

from grader.check import check
from grader.checks.gpt2 import SMALL, GPT
from grader.judge import failed, passed


def groups_probe(sub, cfg: dict, weight_decay: float, learning_rate: float, device: str) -> dict:
    model = GPT(cfg).to(device)
    opt = sub.GPT.configure_optimizers(model, weight_decay=weight_decay, learning_rate=learning_rate,
                                       device_type=device)
    names = {id(p): n for n, p in model.named_parameters()}
    return {"type": type(opt).__name__,
            "groups": [{"params": [names.get(id(p), "?") for p in g["params"]], "weight_decay": g["weight_decay"],
                        "lr": g["lr"], "betas": list(g["betas"]), "eps": g["eps"]} for g in opt.param_groups],
            "fused": bool(opt.defaults.get("fused"))}


def decay_only_for_matrices(got: dict, cfg: dict, weight_decay: float, learning_rate: float):
    if got["type"] != "AdamW":
        return failed(f"configure_optimizers returned a {got['type']}, not torch.optim.AdamW")
    shapes = {n: p.dim() for n, p in GPT(cfg).named_parameters()}
    decay = {n for g in got["groups"] if g["weight_decay"] for n in g["params"]}
    seen = [n for g in got["groups"] for n in g["params"]]
    missing = [n for n in shapes if n not in seen]
    if missing:
        return failed(f"{missing[0]} is in no parameter group: every parameter must be optimised")
    wrongly = [n for n in shapes if shapes[n] < 2 and n in decay]
    if wrongly:
        return failed(f"{wrongly[0]} ({len(wrongly)} tensors of dim < 2: biases and LayerNorm weights) is decayed: "
                      f"only tensors of dim >= 2 go in the group with weight_decay")
    kept = [n for n in shapes if shapes[n] >= 2 and n not in decay]
    if kept:
        return failed(f"{kept[0]} (dim 2) is not decayed: every tensor of dim >= 2 decays by weight_decay")
    for g in got["groups"]:
        if g["params"] and g["weight_decay"] and g["weight_decay"] != weight_decay:
            return failed(f"the decayed group's weight_decay is {g['weight_decay']}, not the {weight_decay} asked for")
        if g["lr"] != learning_rate:
            return failed(f"a group's lr is {g['lr']}, not the learning_rate {learning_rate} asked for")
        if g["betas"] != [0.9, 0.95] or g["eps"] != 1e-8:
            return failed(f"betas {tuple(g['betas'])} and eps {g['eps']}: GPT-3's are betas (0.9, 0.95) and eps 1e-8")
    return passed()


@check(weight=3, case=dict(cfg=SMALL, weight_decay=0.1, learning_rate=6e-4))
def param_groups(sub, cfg, weight_decay, learning_rate):
    return groups_probe(sub, cfg, weight_decay, learning_rate, "cpu")


param_groups.judge(decay_only_for_matrices)


@check(device="cuda", case=dict(cfg=SMALL, weight_decay=0.1, learning_rate=6e-4))
def cuda_fused(sub, cfg, weight_decay, learning_rate):
    return groups_probe(sub, cfg, weight_decay, learning_rate, "cuda")


@cuda_fused.judge
def fused_adamw_on_cuda(got, cfg, weight_decay, learning_rate):
    v = decay_only_for_matrices(got, cfg, weight_decay, learning_rate)
    return v and (passed() if got["fused"] else
                  failed("on CUDA AdamW is not fused: pass fused=True where AdamW takes it and device_type is 'cuda'"))
