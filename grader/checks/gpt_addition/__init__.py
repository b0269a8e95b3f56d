"""GPT addition (lecture 7, exercise 2): the public checks.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds what several of them, the hidden checks or the tests share.

The data (``encoding``, ``batches``) and the decoding (``solver``) are judged against
the grader's own formatting and its own greedy decoding, never against the learner's.
The solver is tested on untrained models of the grader's making, whose answers are
mostly wrong: a ``solve`` that computes ``a + b`` in Python instead of asking the model
disagrees with the model everywhere and scores nothing. They are handed over in training
mode, where their dropout changes the answers: a ``solve`` that never calls
``model.eval()`` gives the answers of training mode and is told so. ``get_batch`` and
``solve`` run with the grader's ``format_problem`` and ``parse_answer`` (:func:`graders_format`),
so a mistake in those costs the encoding exercise only.

Training (``add2``, ``add3``, ``calculator``) works as every graded training exercise of
the course does, with these specifics:

- held-out problems come from seeds the learner's code does not choose (the hidden
  checks' seeds are not shipped); the probe passes them to ``train_model`` as
  ``exclude``, and wraps the learner's ``get_batch`` to see every batch it serves. That
  watcher lives in the learner's process, which can unwrap it or forge its counts, so
  what it saw (a held-out problem served, or ``get_batch`` never called) is a note in
  the feedback, never a point;
- the probe returns only the trained model's ``state_dict()``; the judge reads the sizes
  from the parameters' shapes, rebuilds the model with the grader's own copy of the
  lecture's GPT (:class:`GPT` below, computing what lecture 7's gpt.py computes), and answers
  every problem with its own greedy loop from the logits. A learner's code that works
  out ``a + b`` by itself has no way into the score;
- the score is the lower exact-match accuracy of two sets: the held-out problems, and
  problems the judge draws itself, here, *after* training, from a seed that mixes the
  check's seed with a hash of the trained parameters. They never enter the learner's
  process and cannot be known before the weights are fixed (a model can't be trained
  to fit problems chosen by its own hash), so a model trained on ``exclude`` or on the
  public checks' problems gains nothing; credit scales from 50 % to the goal. What no
  data can show is whether training saw the held-out set when it could enumerate the
  whole space (10^4 problems for two digits): the grade measures adding on problems the
  learner's code could not have picked out, not the split.
  Training is graded on the adding alone: a model that writes the answer's digits most
  significant first (the format mistake that encoding and batches grade) is read in
  that order, so no mistake costs twice;
- integrity: a re-initialised copy of the trained model must stay under the floor (if it
  does not, the evaluation is broken: a course bug, reported as an error);
- one training per exercise: the public and the hidden check share it (the sandbox runs
  an exercise's checks in one process; the training excludes the held-out problems of
  both, and re-seeds itself, so whichever probe trains gets the same model). Each check
  still has the exercise's whole ``timeout`` for itself. The judges need no reference
  result (their judges take no ``want``), so the reference solution is not trained at all.
"""
from __future__ import annotations

import hashlib
import os
import random
import sys
from dataclasses import dataclass
from typing import Any

import torch
import torch.nn as nn
from torch.nn import functional as F

from grader.judge import Verdict, describe, error, failed, is_number, passed, scaled, tensor

CHARS = "0123456789+-="
VOCAB = len(CHARS)
STOI = {ch: i for i, ch in enumerate(CHARS)}
DIGITS = "0123456789"
MAX_PARAMS = 4_000_000          # the sandbox's result limit is 64 MB; the judge decodes on a CPU
MAX_LAYERS, MAX_HEADS = 16, 64


def encode(s: str) -> list[int]:
    return [STOI[c] for c in s]


def decode(ids) -> str:
    return "".join(CHARS[i] if 0 <= i < VOCAB else "?" for i in ids)


# --------------------------------------------------------------------------- the grader's formats

def problem(a: int, op: str, b: int, ndigit: int, signed: bool = False) -> str:
    """The exercise's format: "012+345=7530"; with ``signed`` (the calculator) "12-45=-330"."""
    c = a + b if op == "+" else a - b
    answer = f"{abs(c):0{ndigit + 1}d}"[::-1]
    if signed:
        answer = ("+" if c >= 0 else "-") + answer
    return f"{a:0{ndigit}d}{op}{b:0{ndigit}d}=" + answer


def prompt_length(ndigit: int) -> int:
    return 2 * ndigit + 2


def answer_length(ndigit: int, signed: bool = False) -> int:
    return ndigit + 1 + signed


def parse_prompt(s: str, ndigit: int) -> tuple[int, str, int] | None:
    """(a, op, b) from a string that starts with a well-formed prompt, else None."""
    P = prompt_length(ndigit)
    if len(s) < P or s[ndigit] not in "+-" or s[P - 1] != "=":
        return None
    a, b = s[:ndigit], s[ndigit + 1:P - 1]
    if not (a.isdigit() and b.isdigit() and a.isascii() and b.isascii()):
        return None
    return int(a), s[ndigit], int(b)


def format_problem(a: int, b: int, ndigit: int) -> str:
    return problem(a, "+", b, ndigit)


def graders_format(sub):
    """The learner's module with the grader's format_problem and parse_answer (where get_batch and solve
    call them): a mistake in those costs the encoding exercise, never batches or solver a second time."""
    sub.format_problem, sub.parse_answer = format_problem, expected_parse
    return sub


# --------------------------------------------------------------------------- the grader's GPT

def parameter_shapes(vocab_size: int, n_embd: int, n_head: int, n_layer: int,
                     block_size: int) -> dict[str, tuple[int, ...]]:
    """Lecture 7's ``GPTLanguageModel`` as its state_dict: every parameter's name and shape, in
    the order the lecture's modules create them (so that seeded initialisations agree)."""
    shapes = {"token_embedding_table.weight": (vocab_size, n_embd),
              "position_embedding_table.weight": (block_size, n_embd)}
    for i in range(n_layer):
        block = f"blocks.{i}."
        for j in range(n_head):
            for part in ("key", "query", "value"):
                shapes[f"{block}sa.heads.{j}.{part}.weight"] = (n_embd // n_head, n_embd)
        for name, n_out, n_in in (("sa.proj", n_embd, n_embd), ("ffwd.net.0", 4 * n_embd, n_embd),
                                  ("ffwd.net.2", n_embd, 4 * n_embd)):
            shapes[f"{block}{name}.weight"], shapes[f"{block}{name}.bias"] = (n_out, n_in), (n_out,)
        for norm in ("ln1", "ln2"):
            shapes[f"{block}{norm}.weight"] = shapes[f"{block}{norm}.bias"] = (n_embd,)
    shapes["ln_f.weight"] = shapes["ln_f.bias"] = (n_embd,)
    shapes["lm_head.weight"], shapes["lm_head.bias"] = (vocab_size, n_embd), (vocab_size,)
    return shapes


def layer_norm(x: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor, eps: float = 1e-5) -> torch.Tensor:
    """The lecture's hand-written LayerNorm (biased variance), operation for operation."""
    return weight * ((x - x.mean(-1, keepdim=True)) / torch.sqrt(x.var(-1, keepdim=True, unbiased=False) + eps)) + bias


class GPT(nn.Module):
    """Lecture 7's GPTLanguageModel (no dropout but ``drop``, the solver's) as the grader computes it.

    The parameters sit under the lecture's names (``blocks.0.sa.heads.1.query.weight``) in
    plain containers, so a learner's ``state_dict()`` loads as it is; ``forward`` is one
    function over them: pre-norm blocks of causal multi-head self-attention and a ReLU MLP,
    each added to the residual stream. It computes exactly what the lecture's modules compute
    (tests/gpt_addition pins that), without the grader shipping those modules: they are
    lecture 7's exercise.
    """

    def __init__(self, vocab_size, n_embd, n_head, n_layer, block_size):
        super().__init__()
        self.block_size, self.n_head, self.n_layer = block_size, n_head, n_layer
        for name, shape in parameter_shapes(vocab_size, n_embd, n_head, n_layer, block_size).items():
            *path, leaf = name.split(".")
            module = self
            for part in path:
                if part not in module._modules:
                    module.add_module(part, nn.Module())
                module = module._modules[part]
            module.register_parameter(leaf, nn.Parameter(torch.empty(shape)))
        self.drop = nn.Identity()       # on the embeddings; the solver's models drop in training mode

    def linear(self, x: torch.Tensor, name: str, bias: bool = True) -> torch.Tensor:
        return F.linear(x, self.get_parameter(f"{name}.weight"), self.get_parameter(f"{name}.bias") if bias else None)

    def norm(self, x: torch.Tensor, name: str) -> torch.Tensor:
        return layer_norm(x, self.get_parameter(f"{name}.weight"), self.get_parameter(f"{name}.bias"))

    def forward(self, idx, targets=None):
        B, T = idx.shape
        x = self.drop(self.get_parameter("token_embedding_table.weight")[idx]
                      + self.get_parameter("position_embedding_table.weight")[:T])
        future = torch.ones(T, T, device=idx.device).tril() == 0
        for i in range(self.n_layer):
            h = self.norm(x, f"blocks.{i}.ln1")
            heads = []
            for j in range(self.n_head):
                q, k, v = (self.linear(h, f"blocks.{i}.sa.heads.{j}.{part}", bias=False)
                           for part in ("query", "key", "value"))
                scores = (q @ k.transpose(-2, -1) * k.shape[-1] ** -0.5).masked_fill(future, float("-inf"))
                heads.append(F.softmax(scores, dim=-1) @ v)
            x = x + self.linear(torch.cat(heads, dim=-1), f"blocks.{i}.sa.proj")
            h = self.norm(x, f"blocks.{i}.ln2")
            x = x + self.linear(F.relu(self.linear(h, f"blocks.{i}.ffwd.net.0")), f"blocks.{i}.ffwd.net.2")
        logits = self.linear(self.norm(x, "ln_f"), "lm_head")
        loss = None
        if targets is not None:
            loss = F.cross_entropy(logits.view(B * T, -1), targets.view(B * T))
        return logits, loss

    def generate(self, idx, max_new_tokens):
        """The lecture's sampling, so that a learner's solve that calls it fails on greedy, not on a name."""
        for _ in range(max_new_tokens):
            logits, _ = self(idx[:, -self.block_size:])
            probs = F.softmax(logits[:, -1, :], dim=-1)
            idx = torch.cat((idx, torch.multinomial(probs, num_samples=1)), dim=1)
        return idx


def initialise(model: nn.Module, seed: int, std: float = 0.02) -> nn.Module:
    """The lecture's init (normal weights, zero biases, unit norm scales) from a private generator."""
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith("bias"):
                p.zero_()
            elif name.startswith("ln_f") or ".ln" in name:
                p.fill_(1.0)
            else:
                p.copy_(torch.randn(p.shape, generator=g) * std)
    return model


def config_of(state: dict) -> dict | str:
    """The GPT's sizes from a state_dict's shapes, or why they cannot be read."""
    tok, pos = state.get("token_embedding_table.weight"), state.get("position_embedding_table.weight")
    if type(tok) is not torch.Tensor or type(pos) is not torch.Tensor or tok.dim() != 2 or pos.dim() != 2:
        return ("the state_dict has no token_embedding_table.weight and position_embedding_table.weight: "
                "train your GPTLanguageModel of lecture 7 (gpt.py), keeping the lecture's parameter names")
    layers, heads = set(), set()
    try:
        for k in state:
            parts = k.split(".")
            if parts[0] == "blocks":
                layers.add(int(parts[1]))
                if parts[2:4] == ["sa", "heads"]:
                    heads.add(int(parts[4]))
    except (IndexError, ValueError):
        return f"unexpected parameter name {k!r}: train your GPTLanguageModel of lecture 7 (gpt.py)"
    if not layers or not heads:
        return "the state_dict has no blocks.<i>.sa.heads.<j>: train your GPTLanguageModel of lecture 7 (gpt.py)"
    n_layer, n_head = max(layers) + 1, max(heads) + 1
    if n_layer > MAX_LAYERS or n_head > MAX_HEADS:
        return f"{n_layer} layers of {n_head} heads: keep it under {MAX_LAYERS} layers and {MAX_HEADS} heads"
    return dict(vocab_size=tok.shape[0], n_embd=tok.shape[1], n_head=n_head, n_layer=n_layer,
                block_size=pos.shape[0])


def build(state: Any, T: int) -> GPT | str:
    """The learner's trained model rebuilt by the grader, or what is wrong with the state_dict."""
    if isinstance(state, str):
        return state
    if type(state) is not dict or not all(type(v) is torch.Tensor for v in state.values()):
        return f"expected a state_dict of tensors, got {describe(state)}"
    count = sum(v.numel() for v in state.values())
    if count > MAX_PARAMS:
        return f"the model has {count:,} parameters; keep it under {MAX_PARAMS:,}"
    config = config_of(state)
    if isinstance(config, str):
        return config
    if config["vocab_size"] != VOCAB:
        return (f"vocab_size is {config['vocab_size']}; the exercise's vocabulary has {VOCAB} tokens "
                f"({CHARS!r}): use addition.vocab_size")
    if config["block_size"] < T:
        return (f"block_size is {config['block_size']}, but the model reads up to {T} tokens when it writes the "
                f"last digit of the answer: make block_size at least {T}")
    if config["n_embd"] % config["n_head"]:
        return f"n_embd {config['n_embd']} is not a multiple of n_head {config['n_head']}"
    model = GPT(**config)
    try:
        missing, unexpected = model.load_state_dict(state, strict=False)
    except RuntimeError as e:
        lines = [line.strip() for line in str(e).splitlines() if "size mismatch" in line]
        return (f"the state_dict does not fit the lecture's GPT with {config}: "
                f"{lines[0] if lines else str(e).splitlines()[0]}")[:400]
    missing = [k for k in missing if not k.endswith(".tril")]
    if missing or unexpected:
        which = f"missing {missing[:3]}" if missing else f"unexpected {unexpected[:3]}"
        return f"the state_dict does not fit the lecture's GPT with {config}: {which}"
    if not all(torch.isfinite(p).all() for p in model.parameters()):
        return "some parameters are NaN or infinite: lower the learning rate"
    return model.eval()


@torch.no_grad()
def greedy(model: nn.Module, prompts: list[str], n_new: int) -> list[str]:
    """The grader's decoding: argmax of the last position's logits, appended, ``n_new`` times."""
    out = []
    for i in range(0, len(prompts), 1000):
        idx = torch.tensor([encode(p) for p in prompts[i:i + 1000]], dtype=torch.long)
        start = idx.shape[1]
        for _ in range(n_new):
            logits, _ = model(idx[:, -model.block_size:])
            idx = torch.cat((idx, logits[:, -1, :].argmax(dim=-1, keepdim=True)), dim=1)
        out += [decode(row) for row in idx[:, start:].tolist()]
    return out


# --------------------------------------------------------------------------- the training tiers

@dataclass(frozen=True)
class Tier:
    name: str             # the exercise, without the lecture
    ndigit: int
    signed: bool          # the calculator: + and -, signed answers
    size: int             # held-out problems per seed, and problems the judge draws itself
    goal: float
    floor: float
    seed: int             # the training's generator and global seed
    module: str           # what the learner's module is called, for feedback

    @property
    def ops(self) -> str:
        return "+-" if self.signed else "+"

    @property
    def space(self) -> int:
        return len(self.ops) * 10 ** (2 * self.ndigit)

    @property
    def T(self) -> int:     # the longest input the model reads
        return prompt_length(self.ndigit) + answer_length(self.ndigit, self.signed) - 1


TIERS = {
    "add2": Tier("add2", 2, False, 500, 0.99, 0.5, 2002, "train"),
    "add3": Tier("add3", 3, False, 1000, 0.99, 0.5, 3003, "train"),
    "calculator": Tier("calculator", 2, True, 500, 0.95, 0.5, 4004, "calculator"),
}

# Seeds of the held-out sets each training must exclude; the hidden checks add theirs.
HELD_OUT_SEEDS: dict[str, list[int]] = {"add2": [20], "add3": [30], "calculator": [40]}


def problems_from(tier: Tier, seed: int) -> list[tuple[int, str, int]]:
    """``tier.size`` distinct problems (a, op, b), drawn with a private RNG."""
    n = 10 ** tier.ndigit
    picks = random.Random(seed).sample(range(tier.space), tier.size)
    return [(k // len(tier.ops) // n, tier.ops[k % len(tier.ops)], k // len(tier.ops) % n) for k in picks]


def held_out(tier: Tier, seed: int) -> list[str]:
    """The prompts the learner's training must never see (they go to train_model as ``exclude``)."""
    return [problem(a, op, b, tier.ndigit, tier.signed)[:prompt_length(tier.ndigit)]
            for a, op, b in problems_from(tier, seed)]


def own_problems(tier: Tier, seed: int, state: dict | None = None) -> list[str]:
    """Prompts the judge draws itself: they never enter the learner's process. With the trained
    ``state``, the draw depends on the weights' hash too, so no training can aim at them."""
    mixed = seed * 7919 + 1
    if state is not None:
        mixed = int.from_bytes(hashlib.sha256(f"{seed}|".encode() + weights_digest(state)).digest()[:8], "big")
    return [problem(a, op, b, tier.ndigit, tier.signed)[:prompt_length(tier.ndigit)]
            for a, op, b in problems_from(tier, mixed)]


def weights_digest(state: dict) -> bytes:
    """A hash of the trained parameters (names, shapes, float32 bytes), computed in the grader."""
    h = hashlib.sha256()
    for k in sorted(state):
        v = state[k]
        h.update(f"{k}|{tuple(v.shape)}|".encode())
        h.update(v.detach().to(torch.float32).contiguous().numpy().tobytes())
    return h.digest()


def prompt_keys(prompts) -> torch.Tensor:
    """Each prompt (token ids) as one int64, base VOCAB."""
    ids = torch.as_tensor(prompts, dtype=torch.long)
    weights = VOCAB ** torch.arange(ids.shape[1] - 1, -1, -1, dtype=torch.long)
    return (ids * weights).sum(1)


class Recorder:
    """Sees every batch the learner's get_batch serves; counts held-out prompts among them."""

    def __init__(self, P: int, held: list[list[str]]):
        self.P, self.calls, self.rows, self.unreadable = P, 0, 0, 0
        self.keys = {i: prompt_keys([encode(p) for p in ps]) for i, ps in enumerate(held)}
        self.leaks = {i: [0, ""] for i in self.keys}

    def see(self, out) -> None:
        self.calls += 1
        x = out[0] if isinstance(out, tuple) and len(out) == 2 else None
        if (type(x) is not torch.Tensor or x.dim() != 2 or x.shape[1] < self.P or x.dtype.is_floating_point
                or x.is_complex()):
            self.unreadable += 1
            return
        ids = x[:, :self.P].detach().cpu().long()
        if ((ids < 0) | (ids >= VOCAB)).any():
            self.unreadable += 1
            return
        self.rows += ids.shape[0]
        keys = prompt_keys(ids)
        for i, held in self.keys.items():
            hit = torch.isin(keys, held)
            if hit.any():
                self.leaks[i][0] += int(hit.sum())
                self.leaks[i][1] = self.leaks[i][1] or decode(ids[hit.nonzero()[0, 0]].tolist())

    def wrap(self, fn):
        def get_batch(*args, **kwargs):
            out = fn(*args, **kwargs)
            try:
                self.see(out)
            except Exception:
                self.unreadable += 1
            return out
        return get_batch


def patch_get_batch(sub, recorder: Recorder):
    """Wrap ``get_batch`` in every module of the learner's folder; returns the undo."""
    folder = os.path.dirname(os.path.abspath(sub.__file__))
    patched = []
    for mod in list(sys.modules.values()):
        path = getattr(mod, "__file__", None)
        fn = getattr(mod, "get_batch", None) if path else None
        if path and callable(fn) and os.path.dirname(os.path.abspath(path)) == folder:
            patched.append((mod, fn))
            setattr(mod, "get_batch", recorder.wrap(fn))

    def undo():
        for mod, fn in patched:
            setattr(mod, "get_batch", fn)
    return undo


def state_of(model) -> dict | str:
    """The trained model's parameters as plain float32 tensors (the masks left out), or why not."""
    if not isinstance(model, nn.Module):
        return f"train_model should return the trained GPTLanguageModel, got {describe(model)}"
    state = nn.Module.state_dict(model)
    count = sum(v.numel() for v in state.values() if isinstance(v, torch.Tensor))
    if count > MAX_PARAMS + 1_000_000:
        return f"the model has {count:,} parameters; keep it under {MAX_PARAMS:,}"
    return {k: v.detach().cpu().float().clone() for k, v in state.items()
            if isinstance(v, torch.Tensor) and not k.endswith(".tril")}


_TRAINED: dict[str, dict] = {}


def trained(sub, name: str, seed: int) -> dict:
    """The tier's training, run once per sandbox process (the public and hidden checks share it): it
    excludes every held-out set registered, that of ``seed`` (the check's) among them."""
    assert seed in HELD_OUT_SEEDS[name], f"the held-out set of seed {seed} is not registered"
    if name not in _TRAINED:
        _TRAINED[name] = train(sub, name, TIERS[name].seed)
    return _TRAINED[name]


def train(sub, name: str, seed: int) -> dict:
    """Run the learner's ``train_model`` for tier ``name`` from ``seed``, watching its batches.

    It trains on the device of the grading (``--device``, which the sandbox passes on in
    $COURSEKIT_DEVICE); the parameters come back as CPU tensors.
    """
    from grader.sandbox import seed as seed_everything

    tier = TIERS[name]
    held = [held_out(tier, s) for s in HELD_OUT_SEEDS[name]]
    exclude = frozenset(p for prompts in held for p in prompts)
    recorder = Recorder(prompt_length(tier.ndigit), held)
    undo = patch_get_batch(sub, recorder)
    seed_everything(seed)
    try:
        model = sub.train_model(tier.ndigit, torch.Generator().manual_seed(seed), exclude=exclude,
                                device=os.environ.get("COURSEKIT_DEVICE", "cpu"))
    finally:
        undo()
    return {"state": state_of(model), "calls": recorder.calls, "rows": recorder.rows,
            "unreadable": recorder.unreadable, "leaks": recorder.leaks}


def expected_answer(p: str, tier: Tier, msb_first: bool = False) -> str:
    """The answer to prompt ``p`` in the exercise's format, or with its digits most significant first."""
    a, op, b = parse_prompt(p, tier.ndigit)
    want = problem(a, op, b, tier.ndigit, tier.signed)[len(p):]
    if not msb_first:
        return want
    sign = want[:1] if tier.signed else ""
    return sign + want[len(sign):][::-1]


def accuracy(answers: list[str], prompts: list[str], tier: Tier, msb_first: bool = False) -> tuple[float, str]:
    """Exact match of the grader's greedy answers; and the first wrong one, for feedback."""
    right, first = 0, ""
    for p, answer in zip(prompts, answers):
        want = expected_answer(p, tier, msb_first)
        if answer == want:
            right += 1
        elif not first:
            first = f"{p}{answer} (expected {p}{want})"
    return right / len(prompts), first


def exact_match_of_the_trained_model(got: dict, tier: str, seed: int) -> Verdict:
    """Exact match on the held-out and the judge's own problems, by the grader's greedy decoding.

    Training is graded on whether the model adds, in the answer's digit order it was
    trained on: the exercise's reversed order, or most significant first (the
    format itself is graded in gpt_addition.encoding and gpt_addition.batches).
    """
    seeds, tier = HELD_OUT_SEEDS[tier], TIERS[tier]
    model = build(got["state"], tier.T)
    if isinstance(model, str):
        return failed(model)
    notes = watcher_notes(got, tier, seeds.index(seed) if seed in seeds else None)
    held, own = held_out(tier, seed), own_problems(tier, seed, got["state"])
    n_new = answer_length(tier.ndigit, tier.signed)
    said_held, said_own = greedy(model, held, n_new), greedy(model, own, n_new)
    readings = []
    for msb in (False, True):
        acc_held, wrong_held = accuracy(said_held, held, tier, msb)
        acc_own, wrong_own = accuracy(said_own, own, tier, msb)
        readings.append((min(acc_held, acc_own), acc_held, acc_own, wrong_held or wrong_own, msb))
    acc, acc_held, acc_own, wrong, msb = max(readings, key=lambda r: (r[0], not r[4]))
    fresh = initialise(GPT(**config_of(got["state"])), seed).eval()
    blank = max(accuracy(greedy(fresh, ps, n_new), ps, tier, m)[0] for ps in (held, own) for m in (False, True))
    if blank >= tier.floor:
        return error(f"a re-initialised copy of your model answers {blank:.1%} right: the grader's evaluation "
                     f"is broken (a course bug)")
    summary = (f"exact match: {acc_held:.1%} of {len(held)} held-out problems, {acc_own:.1%} of {len(own)} "
               f"problems the grader drew itself")
    if msb:
        summary += (" (reading the answers' digits most significant first, as your model writes them; the "
                    "exercise's format reverses them)")
    verdict = scaled(acc, tier.floor, tier.goal, "the exact-match accuracy of your trained model")
    if verdict.fraction == 1.0:
        return Verdict(1.0, (f"{summary}; a re-initialised copy of your model: {blank:.1%}",) + notes)
    return Verdict(verdict.fraction, verdict.feedback + (summary, f"a wrong answer: {wrong}") + notes)


def watcher_notes(got: dict, tier: Tier, which: int | None) -> tuple[str, ...]:
    """What the get_batch watcher saw in the learner's process, as notes (it can be forged there)."""
    calls, rows, leaks = got.get("calls"), got.get("rows"), got.get("leaks")
    if calls == 0:
        return (f"note: train_model never called get_batch ({tier.module}.py) as far as the grader's watcher saw: "
                f"draw every training batch with get_batch(batch_size, {tier.ndigit}, g, exclude)",)
    if rows == 0:
        return ("note: get_batch served nothing the grader's watcher could read: it should return (x, y), int64 "
                "tensors of shape (batch_size, T) whose rows start with the problem's prompt",)
    try:
        leaked, example = leaks[which]
    except (TypeError, IndexError, ValueError, KeyError):
        return ()
    if type(leaked) is int and leaked:
        return (f"note: get_batch served {leaked} held-out problem(s) during training (for example "
                f"{str(example)[:40]!r}): pass exclude on to get_batch, and draw again whenever a prompt is in it",)
    return ()


# --------------------------------------------------------------------------- data: judge helpers

def diagnose(got: Any, a: int, op: str, b: int, ndigit: int, signed: bool = False) -> str:
    """'' if ``got`` is the problem's string, else what is wrong with it (without the answer)."""
    call = f"format_problem({a}, {op!r}, {b}, {ndigit})" if signed else f"format_problem({a}, {b}, {ndigit})"
    want = problem(a, op, b, ndigit, signed)
    if type(got) is not str:
        return f"{call} should return a string, got {describe(got)}"
    if got == want:
        return ""
    P = prompt_length(ndigit)
    if got[:P] != want[:P]:
        if got.startswith(f"{a}{op}{b}="):
            return f"{call} returned {got!r}: zero-pad a and b to ndigit = {ndigit} digits, so every digit " \
                   f"keeps its position"
        return f"{call} returned {got!r}: the prompt should be a, {op!r}, b (each zero-padded to {ndigit} digits), '='"
    c = a + b if op == "+" else a - b
    answer, digits = got[P:], f"{abs(c):0{ndigit + 1}d}"
    sign = ("+" if c >= 0 else "-") if signed else ""
    if signed and answer[:1] not in ("+", "-") and answer[-1:] in ("+", "-"):
        return f"{call} returned {got!r}: the sign comes first, right after '='"
    if signed and answer[:1] != sign:
        return f"{call} returned {got!r}: the answer starts with the sign of c ('+' for c >= 0, '-' below)"
    body = answer[len(sign):]
    if body == digits:
        return f"{call} returned {got!r}: the answer's digits should be reversed, least significant first"
    if body == str(abs(c))[::-1]:
        return f"{call} returned {got!r}: zero-pad the answer to ndigit + 1 = {ndigit + 1} digits before reversing it"
    if body == str(abs(c)):
        return f"{call} returned {got!r}: zero-pad the answer to ndigit + 1 digits, then reverse it"
    return f"{call} returned {got!r}: after '=' comes {'the sign of c, then ' if signed else ''}|c| zero-padded " \
           f"to {ndigit + 1} digits, reversed"


def judge_problems(got: Any, cases, signed: bool = False) -> Verdict:
    """Each of ``cases`` (a, op, b, ndigit) formatted as the exercise says."""
    if type(got) is not list or len(got) != len(cases):
        return failed(f"expected {len(cases)} strings, got {describe(got)}")
    wrong = [(g, c) for g, c in zip(got, cases) if diagnose(g, *c, signed=signed)]
    if wrong:
        g, c = wrong[0]
        return failed(diagnose(g, *c, signed=signed) + (f" ({len(wrong)} of {len(cases)} cases wrong)"
                                                         if len(wrong) > 1 else ""))
    return passed()


def expected_parse(s: str):
    return int(s[::-1]) if s and all(ch in DIGITS for ch in s) else None


def answers_parsed(got: Any, strings: list[str]) -> Verdict:
    """parse_answer of each of ``strings``: the number its reversed digits stand for, or None."""
    got = got["answers"]
    if type(got) is not list or len(got) != len(strings):
        return failed(f"expected {len(strings)} answers, got {describe(got)}")
    for s, g in zip(strings, got):
        want = expected_parse(s)
        if g == want and type(g) is type(want):
            continue
        if want is None:
            return failed(f"parse_answer({s!r}) returned {g!r}: an answer with a character that is not a digit "
                          f"is no answer, return None")
        if is_number(g) and g == int(s):
            return failed(f"parse_answer({s!r}) returned {g!r}: the answer's digits come least significant "
                          f"first; reverse them back")
        if type(g) is not int:
            return failed(f"parse_answer({s!r}) should return an int, got {describe(g)}")
        return failed(f"parse_answer({s!r}) returned {g!r}, which is not the number these digits stand for")
    return passed()


def batch_shifted_and_masked(got: dict, batch_size: int, ndigit: int, signed: bool = False) -> Verdict:
    """x and y of one batch: shapes, the problems' format, y shifted by one, the prompt masked."""
    B = batch_size
    x, y = got["x"], got["y"]
    T = prompt_length(ndigit) + answer_length(ndigit, signed) - 1
    shape = torch.empty(B, T, dtype=torch.long)
    verdict = tensor(x, shape, f"x of get_batch({B}, {ndigit}, g)") & tensor(y, shape, f"y of get_batch({B}, {ndigit}, g)")
    if not verdict:
        if type(x) is torch.Tensor and x.dim() == 2 and x.shape[1] == T + 1:
            return failed(f"x has {T + 1} columns, the whole problem: x is every token but the last, y every "
                          f"token but the first, (batch_size, {T}) each")
        return verdict
    P = prompt_length(ndigit)
    if torch.equal(y[:, P - 1:], x[:, P - 1:]):
        return failed("y equals x where it is not masked: y[:, t] should be the token after x[:, t] "
                      "(x is the problem but its last token, y the problem but its first)")
    seq = torch.cat((x, y[:, -1:]), dim=1)
    if ((seq < 0) | (seq >= VOCAB)).any():
        return failed(f"x holds ids outside 0..{VOCAB - 1} (or y's last column is masked): encode the problems "
                      f"with encode()")
    for row in seq.tolist():
        s = decode(row)
        parsed = parse_prompt(s, ndigit)
        if parsed is None:
            return failed(f"a row of x reads {s[:-1]!r}, which does not start with a prompt like "
                          f"{problem(12, '+', 34, ndigit)[:P]!r}: see format_problem")
        problem_ = diagnose(s, *parsed, ndigit=ndigit, signed=signed)
        if problem_:
            return failed(f"a row of x and y's last target read {s!r}, not a problem in the exercise's format: "
                          + problem_.split(": ", 1)[-1])
    masked = y[:, :P - 1] == -1
    if (y[:, :P - 1] == -100).all():
        return failed("the prompt's targets are -100: mask them with -1, the exercise's ignore_index "
                      "(F.cross_entropy(..., ignore_index=-1))")
    if (y[:, P - 1] == -1).all():
        return failed(f"y[:, {P - 1}] is -1, but that target is the answer's first "
                      f"{'token (the sign)' if signed else 'digit'}, predicted at the position of '=': mask only "
                      f"y[:, :{P - 1}], the targets that are still prompt")
    if not masked.all():
        if masked[:, :P - 2].all():
            return failed(f"y[:, {P - 2}] is not masked: its target is '=', still part of the prompt; mask "
                          f"y[:, :{P - 1}] = -1 (the first {P - 1} targets)")
        if not masked.any():
            return failed(f"the prompt's targets are not masked: set y[:, :{P - 1}] = -1, so that the loss "
                          f"(F.cross_entropy(..., ignore_index=-1)) leaves out the random digits of a and b")
        t = int((~masked).nonzero()[0, 1])
        return failed(f"y[:, {t}] is not -1: every target before the answer, y[:, :{P - 1}], should be masked")
    if not torch.equal(y[:, P - 1:], seq[:, P:]):
        return failed(f"y[:, {P - 1}:] should be the answer's tokens, the problem shifted left by one")
    return passed()


def exclude_skipped(got: dict, exclude: list[str], ndigit: int) -> Verdict:
    """No prompt of ``exclude`` served, and the rest of the space drawn at random."""
    x, space = got["x"], 10 ** (2 * ndigit)
    P = prompt_length(ndigit)
    if type(x) is not torch.Tensor or x.dim() != 2 or x.shape[1] < P:
        return failed(f"x of get_batch(..., exclude=...) should be a (batch_size, T) tensor, got {describe(x)}")
    prompts = [decode(row) for row in x[:, :P].tolist()]
    banned = set(exclude)
    served = [p for p in prompts if p in banned]
    if served:
        return failed(f"get_batch served {len(served)} problem(s) of exclude (for example {served[0]!r}) in "
                      f"{len(prompts)} draws: draw again whenever the prompt is in exclude")
    distinct = len(set(prompts))
    allowed = space - len(banned)
    if distinct < min(allowed, len(prompts)) // 2:
        return failed(f"only {distinct} different problems in {len(prompts)} draws, of the {allowed} allowed: "
                      f"draw every problem at random from g")
    return passed()


def problems_drawn_from_g(got: dict, ndigit: int) -> Verdict:
    """Batches decided by g alone, new at every call, operands uniform on [0, 10**ndigit)."""
    if not all(type(got[k]) is torch.Tensor for k in ("first", "again", "next", "many")):
        return failed("get_batch should return (x, y) tensors")
    if got["first"].shape != got["again"].shape or not torch.equal(got["first"], got["again"]):
        return failed("two generators with the same seed gave different batches: draw every problem from g "
                      "(torch.randint(..., generator=g)), not from the global RNG")
    if got["first"].shape == got["next"].shape and torch.equal(got["first"], got["next"]):
        return failed("two calls with the same g gave the same batch: every batch should be new problems")
    many = got["many"]
    P = prompt_length(ndigit)
    parsed = [parse_prompt(decode(row), ndigit) for row in many[:, :P].tolist()]
    if any(p is None for p in parsed):
        return failed("some rows of x do not start with a prompt: see format_problem")
    n = 10 ** ndigit
    for name, values in (("a", [p[0] for p in parsed]), ("b", [p[2] for p in parsed])):
        small = sum(v < n // 10 for v in values) / len(values)
        high = sum(v >= n // 2 for v in values) / len(values)
        if not (0.04 < small < 0.2 and 0.4 < high < 0.6):
            return failed(f"{name} does not look uniform on [0, 10**ndigit) over {len(values)} problems "
                          f"({small:.0%} below {n // 10}, {high:.0%} at {n // 2} or above): draw it with "
                          f"torch.randint(0, 10**ndigit, ..., generator=g), small numbers (zero-padded) included")
    if len(set(map(tuple, many.tolist()))) < 0.9 * len(many):
        return failed(f"only {len(set(map(tuple, many.tolist())))} different problems in {len(many)} draws")
    return passed()


# --------------------------------------------------------------------------- solver: helpers

class FrozenDropout(nn.Module):
    """Dropout (the lecture's p = 0.2) whose mask is drawn once, per position and channel: in training
    mode it changes the model's answers as dropout does, yet the judge can work them out too."""

    def __init__(self, seed: int, block_size: int, n_embd: int, p: float = 0.2):
        super().__init__()
        keep = torch.rand(block_size, n_embd, generator=torch.Generator().manual_seed(seed)) >= p
        self.register_buffer("keep", keep.float() / (1 - p), persistent=False)

    def forward(self, x):
        return x * self.keep[:x.shape[-2]] if self.training else x


def solver_model(seed: int, ndigit: int, n_embd: int, n_head: int, n_layer: int) -> GPT:
    """An untrained GPT whose greedy answers vary with the problem: mostly digits, now and then not.

    Large attention weights make each answer depend on the digits of the prompt and on the
    tokens written so far, so a decoder that is not greedy and autoregressive parts from it.
    It comes in training mode, as a model fresh from training does, with dropout that changes
    nearly every answer: a decoder that does not call ``model.eval()`` parts from it too.
    """
    model = initialise(GPT(vocab_size=VOCAB, n_embd=n_embd, n_head=n_head, n_layer=n_layer,
                           block_size=3 * ndigit + 2), seed, std=0.5)
    g = torch.Generator().manual_seed(seed + 1)
    with torch.no_grad():
        for name, p in model.named_parameters():
            if name.endswith(("key.weight", "query.weight", "value.weight")):
                p.copy_(torch.randn(p.shape, generator=g) * 2.0)
        model.lm_head.bias[:10] += 1.5      # digits more likely than '+', '-', '='
    model.drop = FrozenDropout(seed + 2, 3 * ndigit + 2, n_embd)
    return model.train()


def solver_problems(seed: int, ndigit: int, count: int) -> list[tuple[int, int]]:
    rng = random.Random(seed)
    n = 10 ** ndigit
    return [(0, 0), (n - 1, n - 1)] + [(rng.randrange(n), rng.randrange(n)) for _ in range(count - 2)]


def model_answers(spec: dict, training: bool = False) -> list:
    """The greedy answers of the spec's model, in eval mode (or in training mode, for feedback)."""
    model = solver_model(spec["seed"], spec["ndigit"], *spec["sizes"]).train(training)
    P = prompt_length(spec["ndigit"])
    prompts = [problem(a, "+", b, spec["ndigit"])[:P] for a, b in solver_problems(spec["seed"], spec["ndigit"], spec["count"])]
    return [expected_parse(s) for s in greedy(model, prompts, spec["ndigit"] + 1)]


SOLVER = [dict(seed=201, ndigit=2, count=40, sizes=(32, 4, 2)), dict(seed=202, ndigit=3, count=40, sizes=(48, 3, 1))]


def probe_solver(sub, spec: dict) -> dict:
    model = solver_model(spec["seed"], spec["ndigit"], *spec["sizes"])
    torch.manual_seed(0)          # a learner who samples draws from here: still not greedy
    answers = graders_format(sub).solve(model, solver_problems(spec["seed"], spec["ndigit"], spec["count"]), spec["ndigit"])
    if isinstance(answers, tuple):
        answers = list(answers)
    if type(answers) is list:
        answers = [int(a) if isinstance(a, torch.Tensor) and a.numel() == 1 else a for a in answers]
    return {"answers": answers}


def judge_solver(got: dict, spec: dict) -> Verdict:
    answers, want = got["answers"], model_answers(spec)
    n = spec["ndigit"]
    problems_ = solver_problems(spec["seed"], n, spec["count"])
    what = f"solve(model, {len(problems_)} problems, {n})"
    if type(answers) is not list or len(answers) != len(want):
        return failed(f"{what} should return a list of {len(want)} answers, got {describe(answers)}")
    if answers == want and all(type(a) is type(w) for a, w in zip(answers, want)):
        return passed()
    sums = [a + b for a, b in problems_]
    if sum(g == s for g, s in zip(answers, sums)) > len(sums) // 2:
        return failed(f"{what} returned the true sums, but this model is untrained and answers almost all of "
                      f"them wrong: solve must report what the model writes (its greedy tokens, decoded), "
                      f"right or wrong, never compute a + b itself")
    flipped = [None if w is None else int(f"{w:0{n + 1}d}"[::-1]) for w in want]
    if sum(g == f for g, f in zip(answers, flipped)) > len(want) // 2:
        return failed(f"{what}: the answers are the model's digits read in the order it writes them; they come "
                      f"least significant first: read them with parse_answer")
    in_training = model_answers(spec, training=True)
    changed = [i for i, (t, w) in enumerate(zip(in_training, want)) if t != w]
    if changed and sum(answers[i] == in_training[i] for i in changed) > len(changed) // 2:
        return failed(f"{what} gave the answers of the model in training mode: call model.eval() before decoding "
                      f"(the model comes to solve in training mode, where its dropout changes what it writes)")
    for i, (g, w) in enumerate(zip(answers, want)):
        if g != w or type(g) is not type(w):
            a, b = problems_[i]
            if w is None:
                return failed(f"{what}: for problem {i} ({a}+{b}) the model writes a token that is not a digit, "
                              f"so its answer is None; got {g!r}")
            return failed(f"{what}: for problem {i} ({a}+{b}) got {g!r}, which is not the model's greedy answer: "
                          f"feed the prompt, append the argmax of the last position's logits, and repeat "
                          f"{n + 1} times (each new token is fed back)")
    return passed()


def greedy_answers_of_the_models(got: Any, specs: list[dict]) -> Verdict:
    """The solver's answers for each spec (one model and its problems each), judged together."""
    verdict = passed()
    for g, spec in zip(got, specs):
        verdict &= judge_solver(g, spec)
    return verdict


def probe_random(sub, seed: int, ndigit: int) -> dict:
    graders_format(sub)
    first = sub.get_batch(32, ndigit, torch.Generator().manual_seed(seed))[0]
    torch.manual_seed(seed + 1)          # the global RNG moves; g alone decides the problems
    g = torch.Generator().manual_seed(seed)
    again = sub.get_batch(32, ndigit, g)[0]
    following = sub.get_batch(32, ndigit, g)[0]
    many = torch.cat([sub.get_batch(64, ndigit, g)[0] for _ in range(20)])
    return {"first": first, "again": again, "next": following, "many": many}


CALC_PROBLEMS = [(12, "-", 45, 2), (45, "-", 12, 2), (99, "+", 99, 2), (7, "-", 7, 1), (0, "-", 9, 1),
                 (123, "-", 999, 3), (500, "+", 20, 3)]


def probe_calc_data(sub, operations, seed: int, ndigit: int) -> dict:
    strings = [sub.format_problem(a, op, b, n) for a, op, b, n in operations]
    x, y = sub.get_batch(24, ndigit, torch.Generator().manual_seed(seed))
    many = torch.cat([sub.get_batch(64, ndigit, torch.Generator().manual_seed(seed + i))[0] for i in range(1, 6)])
    return {"problems": strings, "x": x, "y": y, "many": many}


def calculator_data_formatted(got: dict, operations, ndigit: int) -> Verdict:
    """Signed problems, a batch of them, and '+' and '-' drawn with even odds."""
    verdict = judge_problems(got["problems"], operations, signed=True)
    if not verdict:
        return verdict
    verdict = batch_shifted_and_masked(got, 24, ndigit, signed=True)
    if not verdict:
        return verdict
    many = got["many"]
    if type(many) is not torch.Tensor or many.dim() != 2:
        return failed(f"get_batch should return (x, y) tensors, got {describe(many)}")
    ops = [CHARS[i] if 0 <= i < VOCAB else "?" for i in many[:, ndigit].tolist()]
    minus = ops.count("-") / len(ops)
    if not 0.4 < minus < 0.6:
        return failed(f"{minus:.0%} of {len(ops)} problems are subtractions: draw '+' and '-' with even odds")
    return passed()
