"""Lecture 2 (makemore: bigrams): the public checks.

Each exercise's checks are in its own module beside this one (``<exercise>.py``); this one
holds what several of them, the hidden checks or the tests share.

Each probe feeds the learner's function inputs it builds itself with the helpers
below (the 32,033 names, the fixed a..z vocabulary, counts made here), so every check
tests one function and a mistake upstream doesn't cascade. The same probe runs on the
reference in another process; the judges compare the two and add the properties a
learner can reason about (rows sum to 1, the trigram beats the bigram, finite losses).
A check's inputs are its ``case``: words as ``None`` (all the names), ``(n, seed)`` (n of
them) or the words themselves, with a vocabulary; the hidden modules in
grader/checks/hidden/lecture2/ give the same probes and judges other words, vocabularies,
seeds, steps and smoothing strengths as ``CASES``. Every property a hidden case varies (the
vocabulary's size, the generator's seed, n, k, lr, the number of classes) is varied by a
public case too, with other values.
"""
from __future__ import annotations

import math
from functools import lru_cache
from typing import Any

import torch
import torch.nn.functional as F

from grader.checks.common import SEED, STOI, names, some_names
from grader.judge import Verdict, close, describe, equal, failed, is_number, passed, tensor, true

NLL_ATOL = 1e-3     # the lecture's running float32 sum drifts ~2e-4 over 228,146 terms


# A vocabulary of four characters, for the public checks: the functions must follow stoi, not assume a..z.
TINY = ("cab", "abba", "c", "bac", "aa")
TINY_STOI = {".": 0, "a": 1, "b": 2, "c": 3}

# --------------------------------------------------------------------------- probe helpers

def pick(words) -> list[str]:
    """A case's words: None for all the names, (n, seed) for n of them picked by seed, else those given."""
    if words is None:
        return names()
    if len(words) == 2 and all(type(w) is int for w in words):
        return some_names(*words)
    return list(words)


def label(words) -> str:
    """A case's words in feedback: 'all' (the names), '300 names', or the words."""
    return "all" if words is None else f"{words[0]} names" if type(words[0]) is int else ",".join(words)


def vocabulary(stoi: dict) -> str:
    return "" if stoi == STOI else f" of a {len(stoi)}-character vocabulary"


def itos_of(stoi: dict) -> dict:
    return {i: ch for ch, i in stoi.items()}

def ngrams(words: list[str], n: int, stoi: dict = STOI) -> torch.Tensor:
    """(m, n) int64: every n-gram of ``words``, each padded with n-1 '.' in front and one behind."""
    out = []
    for w in words:
        ix = [0] * (n - 1) + [stoi[ch] for ch in w] + [0]
        out.extend(zip(*[ix[i:] for i in range(n)]))
    return torch.tensor(out, dtype=torch.int64).view(-1, n)


def counts(words: list[str], n: int, stoi: dict = STOI) -> torch.Tensor:
    """The n-gram count tensor, (V,) * n int32."""
    ix = ngrams(words, n, stoi)
    N = torch.zeros((len(stoi),) * n, dtype=torch.int32)
    N.index_put_(tuple(ix.T), torch.ones(len(ix), dtype=torch.int32), accumulate=True)
    return N


@lru_cache(maxsize=None)
def _name_counts(n: int) -> torch.Tensor:
    return counts(names(), n)


def warm() -> None:
    """Called once in the sandbox's zygote: the counts most probes would otherwise recompute."""
    _name_counts(2)
    _name_counts(3)


def name_counts(n: int, words=None, stoi: dict = STOI) -> torch.Tensor:
    """The n-gram counts of a case's words (all the names: made once per sandbox process)."""
    return _name_counts(n).clone() if words is None and stoi == STOI else counts(pick(words), n, stoi)


def probs(N: torch.Tensor, k: float = 1) -> torch.Tensor:
    P = (N + k).float()
    return P / P.sum(-1, keepdim=True)


def number(x):
    """A learner's scalar as a float (a 1-element tensor is fine too); anything else as it came."""
    if isinstance(x, torch.Tensor) and x.numel() == 1:
        return float(x.item())
    if type(x) in (int, float):
        return float(x)
    return x


def loss_and_grad(loss_fn, W: torch.Tensor) -> dict:
    """Call ``loss_fn(W)`` on a fresh leaf copy of W and backprop: {"loss": float, "grad": W.grad}."""
    W = W.detach().clone().requires_grad_()
    loss = loss_fn(W)
    if isinstance(loss, torch.Tensor) and loss.requires_grad and loss.numel() == 1:
        loss.backward()
    return {"loss": number(loss), "grad": W.grad}


def neural_bigram_loss(W: torch.Tensor, xs: torch.Tensor, ys: torch.Tensor, reg: float) -> float:
    """The neural bigram's loss, computed here, to score a learner's trained W."""
    return (F.cross_entropy(W[xs], ys) + reg * (W**2).mean()).item()


def neural_trigram_loss(W: torch.Tensor, xs: torch.Tensor, ys: torch.Tensor, reg: float) -> float:
    return (F.cross_entropy(W[xs[:, 0]] + W[27 + xs[:, 1]], ys) + reg * (W**2).mean()).item()


def scored(W, loss_fn, shape: tuple[int, int]) -> dict:
    """A learner's trained W and its loss, computed here (None if W isn't a tensor of ``shape``)."""
    ok = isinstance(W, torch.Tensor) and tuple(W.shape) == shape
    return {"W": W, "loss": loss_fn(W.detach()) if ok else None}


def generator(seed: int = SEED) -> torch.Generator:
    return torch.Generator().manual_seed(seed)


# The probes and judges the bigram (n=2) and trigram (n=3) checks share; ``fn`` names the learner's function.

def counts_probe(sub, fn: str, n: int, vocabs) -> list:
    """The learner's count function on each (words, stoi) of ``vocabs``."""
    return [getattr(sub, fn)(pick(words), dict(stoi)) for words, stoi in vocabs]


def counts_match_reference(got, want, n: int, vocabs) -> Verdict:
    verdict = passed()
    for g, w, (_, stoi) in zip(got, want, vocabs):
        verdict &= judge_counts(g, w, f"N{vocabulary(stoi)}", f"'{'.' * (n - 1)}' + word + '.'")
    return verdict


def probs_probe(sub, fn: str, n: int, words, ks) -> list:
    N = name_counts(n, words)
    return [getattr(sub, fn)(N.clone(), k=k) for k in ks]


def probs_match_reference(got, want, n: int, ks) -> Verdict:
    verdict = passed()
    for g, w, k in zip(got, want, ks):
        verdict &= judge_probs(g, w, f"P (k={k})", n - 1)
    return verdict


def loss_probe(sub, fn: str, n: int, words, scale: float, seed: int, regs) -> dict:
    """The learner's loss of a seeded W (27 * (n - 1) rows), at each reg: loss and W.grad."""
    xs, ys = pairs(pick(words)) if n == 2 else triples(pick(words))
    W = scale * torch.randn((27 * (n - 1), 27), generator=generator(seed))
    return {f"reg={reg}": loss_and_grad(lambda W: getattr(sub, fn)(W, xs, ys, reg=reg), W) for reg in regs}


def loss_matches_reference(got, want, fn: str) -> Verdict:
    return judge_regularised(got, want, fn)


def training_probe(sub, fn: str, n: int, words, seed: int, steps: int, lr: float, reg: float) -> dict:
    """The learner's trained W (from W drawn with generator(seed)) and its loss computed here."""
    xs, ys = pairs(pick(words)) if n == 2 else triples(pick(words))
    W = getattr(sub, fn)(xs, ys, g=generator(seed), steps=steps, lr=lr, reg=reg)
    loss = neural_bigram_loss if n == 2 else neural_trigram_loss
    return scored(W, lambda W: loss(W, xs, ys, reg), (27 * (n - 1), 27))


def trained_W_matches_reference(got, want) -> Verdict:
    return judge_trained(got, want, "W")


def logits(rows: int, classes: int, scale: float, shift: float, seed: int):
    """A case's logits, scale * randn + shift, and targets, both drawn from ``seed``."""
    return (scale * torch.randn((rows, classes), generator=generator(seed)) + shift,
            torch.randint(0, classes, (rows,), generator=generator(seed + 1)))


def pairs(words: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """The neural bigram's (xs, ys) of ``words``."""
    ix = ngrams(words, 2)
    return ix[:, 0].contiguous(), ix[:, 1].contiguous()


def triples(words: list[str]) -> tuple[torch.Tensor, torch.Tensor]:
    """The neural trigram's (xs (m, 2), ys (m,)) of ``words``."""
    ix = ngrams(words, 3)
    return ix[:, :2].contiguous(), ix[:, 2].contiguous()


# --------------------------------------------------------------------------- judge helpers

def judge_loss_grad(got: dict, want: dict, name: str, wrt: str = "W", atol: float = 1e-5) -> Verdict:
    """A loss value and its gradient w.r.t. ``wrt``, as made by :func:`loss_and_grad`."""
    if got["grad"] is None:
        return failed(f"{name} gives {wrt} no gradient: build the loss from {wrt} with torch "
                      f"operations (no .item(), .data, .detach() or Python floats on the way)")
    return close(got["loss"], want["loss"], name, atol=atol, rtol=1e-5) & \
        close(got["grad"], want["grad"], f"{wrt}.grad of {name}", atol=atol, rtol=1e-4)


def judge_names(got, want, name: str) -> Verdict:
    """Sampled names: a list of strings ending in '.', equal to the reference's one by one."""
    if type(got) is not list or not all(type(s) is str for s in got):
        return failed(f"{name}: expected a list of strings, got {describe(got)}")
    if len(got) != len(want):
        return failed(f"{name}: expected {len(want)} names, got {len(got)}")
    unfinished = [s for s in got if not s.endswith(".")]
    if unfinished:
        return failed(f"{name}: {unfinished[0]!r} doesn't end with '.': a name ends when you draw index 0")
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            return failed(f"{name}: name {i} is {g!r}, which is not what this generator gives; start "
                          f"each name at ix = 0 and draw with torch.multinomial(P[ix], num_samples=1, "
                          f"replacement=True, generator=g)")
    return passed()


def judge_losses(got, want, name: str, atol: float = NLL_ATOL) -> Verdict:
    """A dict of losses (possibly nested) equal to the reference's within ``atol``."""
    if type(want) is dict:
        if type(got) is not dict:
            return failed(f"{name}: expected a dict with keys {sorted(want)}, got {describe(got)}")
        missing = [k for k in want if k not in got]
        if missing:
            return failed(f"{name}: missing key {missing[0]!r}")
        verdict = passed()
        for k in want:
            verdict = verdict & judge_losses(got[k], want[k], f"{name}[{k!r}]", atol)
        return verdict
    return close(got, want, name, atol=atol, rtol=0)


def sums_to_one(P, dim: int, name: str) -> Verdict:
    """Every distribution along ``dim`` of P sums to 1."""
    sums = P.double().sum(dim)
    off = (sums - 1).abs()
    if not torch.isfinite(sums).all() or off.max() > 1e-4:
        at = tuple(int(i) for i in torch.unravel_index(off.nan_to_num(math.inf).argmax(), off.shape))
        return failed(f"{name}: the probabilities of {'row' if P.dim() == 2 else 'context'} "
                      f"{list(at) if len(at) > 1 else at[0]} sum to {float(sums[at]):.4g}, not 1: divide "
                      f"each by its own sum (sum over dim {dim} with keepdim=True, or broadcasting "
                      f"divides along the wrong dimension)")
    return passed()


def judge_vocab(got: dict, want: dict) -> Verdict:
    stoi, itos = got["stoi"], got["itos"]
    if type(stoi) is not dict or type(itos) is not dict:
        return failed(f"build_vocab should return two dicts (stoi, itos), got {describe(stoi)} and "
                      f"{describe(itos)}")
    if stoi.get(".") != 0:
        return failed(f"stoi['.'] is {stoi.get('.')!r}: '.' starts and ends every word and must be 0")
    if set(stoi) != set(want["stoi"]):
        return failed(f"stoi has {len(stoi)} characters where the words have {len(want['stoi']) - 1} "
                      f"different ones plus '.': build it from the characters that occur in the words")
    if sorted(stoi.values()) != list(range(len(stoi))):
        return failed(f"stoi should number its {len(stoi)} characters 0, 1, ..., {len(stoi) - 1}, each "
                      f"index used once (does a letter share index 0 with '.'?)")
    if any(itos.get(i) != ch for ch, i in stoi.items()) or len(itos) != len(stoi):
        return failed("itos should be the inverse of stoi: itos[stoi[ch]] == ch for every character")
    return equal(stoi, want["stoi"], "stoi")


def judge_counts(got, want, name: str, per_word: str) -> Verdict:
    """A count tensor equal to the reference's, with hints for the classic slips."""
    shape = tensor(got, want, name)
    if not shape:
        return shape
    if torch.equal(got, want):
        return passed()
    if got.dim() == 2 and torch.equal(got, want.T):
        return failed(f"{name} is transposed: the row is the first character, N[ix1, ix2] += 1")
    total, expected = int(got.sum()), int(want.sum())
    if total != expected:
        return failed(f"{name} holds {total} counts, expected {expected}: every word gives "
                      f"len(word) + 1 of them, read as {per_word}")
    return equal(got, want, name)


def judge_probs(got, want, name: str, dim: int) -> Verdict:
    shape = tensor(got, want, name)
    if not shape:
        return shape
    if (got == 0).any() and not (want == 0).any():
        return failed(f"{name} has zeros, so a word with an unseen n-gram (like 'andrejq' with its "
                      f"'jq') gets an infinite loss: add k to every count before normalising")
    return sums_to_one(got, dim, name) & close(got, want, name, atol=1e-6, rtol=1e-5)


def xs_ys_match_reference(got, want) -> Verdict:
    return equal(got["xs"], want["xs"], "xs") & equal(got["ys"], want["ys"], "ys")


def judge_regularised(got, want, name: str) -> Verdict:
    """Losses at reg=0 and another reg: tells a wrong data loss from a wrong regulariser."""
    plain, regs = "reg=0.0", [k for k in want if k != "reg=0.0"]
    verdict = judge_loss_grad(got[plain], want[plain], f"{name} with reg=0")
    if not verdict:
        return verdict
    for key in regs:
        v = judge_loss_grad(got[key], want[key], f"{name} with {key}")
        if not v:
            return v & failed("the data loss is right but the regularisation is off: add "
                              "reg * (W**2).mean()")
    return passed()


def judge_trained(got, want, name: str) -> Verdict:
    hint = ("; check the step W.data += -lr * W.grad and that W.grad is reset to None before "
            "each backward()")
    verdict = tensor(got["W"], want["W"], name)
    if verdict:
        verdict = close(got["W"], want["W"], name, atol=1e-4, rtol=1e-4)
    if verdict:
        return close(got["loss"], want["loss"], f"the loss of your trained {name}", atol=1e-4)
    return Verdict(0.0, (verdict.feedback[0] + hint,))


def unjoined(words: Any) -> Any:
    return words.split("\n") if type(words) is str else words


def splits_match_reference(got, want) -> Verdict:
    """Each split (one per list of words) as random.seed(42); random.shuffle; 80/10/10 gives it."""
    verdict = passed()
    for g, w in zip(got, want):
        verdict &= judge_split(g, w)
    return verdict


def judge_split(got, want) -> Verdict:
    got, want = ({k: unjoined(v) for k, v in d.items()} for d in (got, want))
    kinds = [got[k] for k in ("train", "dev", "test") if type(got[k]) is not list]
    if kinds:
        return failed(f"split_words should return three lists (train, dev, test); one is {describe(kinds[0])}")
    sizes = [len(got[k]) for k in ("train", "dev", "test")]
    wanted = [len(want[k]) for k in ("train", "dev", "test")]
    if sizes != wanted:
        return failed(f"split sizes are {sizes}, expected {wanted}: cut at n1 = int(0.8 * n) and "
                      f"n2 = int(0.9 * n), and return three lists")
    if got["in_file_order"]:
        return failed("train holds the first names of the file in order: shuffle (a copy of) the "
                      "words before cutting")
    verdict = passed()
    for k in ("train", "dev", "test"):
        if got[k] != want[k]:
            verdict = failed(f"{k} differs from what random.seed(42) then random.shuffle(words) gives: "
                             f"seed right before shuffling, and shuffle the words as they came")
            break
    return verdict & true(got["untouched"], "split_words shuffled the caller's list in place: shuffle "
                          "a copy (list(words)) and leave the argument as it was")


def evaluation_matches_reference(got, want) -> Verdict:
    verdict = judge_losses(got["losses"], want["losses"], "evaluate_splits")
    if not verdict and below_train_only(got["losses"], want["losses"]):
        return failed(f"evaluate_splits: every dev and test loss is below what counts of train alone give "
                      f"(trigram dev: got {got['losses']['trigram']['dev']:.4f}, expected "
                      f"{want['losses']['trigram']['dev']:.4f}): fit the counts on train only, never on dev or test")
    if verdict:
        tri, bi = got["losses"]["trigram"], got["losses"]["bigram"]
        verdict = true(tri["train"] < bi["train"], "the trigram should fit train better than the bigram") & \
            true(tri["dev"] > tri["train"], "the trigram's dev loss should exceed its train loss: fit "
                                            "the counts on train only")
    return verdict


def below_train_only(got, want) -> bool:
    """Are all the dev and test losses lower than the reference's (counts that saw dev and test)?"""
    try:
        return all(is_number(got[m][s]) and got[m][s] < want[m][s] - NLL_ATOL
                   for m in ("bigram", "trigram") for s in ("dev", "test"))
    except (KeyError, TypeError):
        return False


# =========================================================================== lecture2.E03 (smoothing)

def smoothed_nll(N: torch.Tensor, ix: torch.Tensor, k: float) -> float:
    """The grader's own NLL of the n-grams ``ix`` under ``N`` smoothed with ``k``."""
    return -probs(N, k)[tuple(ix.T)].log().mean().item()


def tuning_probe(sub, N, dev, test, ks) -> dict:
    """The learner's tune_smoothing, handed the train counts and dev only: test never reaches it.

    The test losses are the grader's own, for every k; the judge reads the reference run's
    (trusted) at the learner's ``best_k``: test is evaluated once, with the chosen k, by
    the grader. Nothing the learner's process does can choose k by test then."""
    return {"result": sub.tune_smoothing(N.clone(), dev.clone(), list(ks)),
            "test": [smoothed_nll(N, test, k) for k in ks]}


def tuning_picks_k_on_dev(got, want) -> Verdict:
    result, ref = got["result"], want["result"]
    if type(result) is not dict or any(k not in result for k in ("best_k", "dev")):
        return failed(f"tune_smoothing should return a dict with keys best_k and dev; got {describe(result)}")
    dev = result["dev"]
    if type(dev) is not list or len(dev) != len(ref["dev"]):
        return failed(f"'dev' should be a list of {len(ref['dev'])} losses, one per k; got {describe(dev)}")
    for i, (g, w) in enumerate(zip(dev, ref["dev"])):
        verdict = close(number(g), w, f"the dev loss of k = {want['ks'][i]:g}", atol=1e-4, rtol=0)
        if not verdict:
            return verdict & failed("the dev losses are the NLL of the dev n-grams for each k")
    best = min(range(len(dev)), key=lambda i: ref["dev"][i])
    verdict = true(result["best_k"] == want["ks"][best], f"best_k is {describe(result['best_k'])}, but the "
                   f"lowest dev loss belongs to k = {want['ks'][best]:g}: pick k on dev")
    if not verdict:
        return verdict
    return passed(f"test loss with best_k = {want['ks'][best]:g}: {want['test'][best]:.4f} (evaluated once, by the "
                  f"grader)")


# =========================================================================== lecture2.E05 (cross-entropy)

def ce_probe(sub, fn: str, cases) -> list:
    """The learner's loss ``fn`` of each case's logits (see :func:`logits`): loss and logits.grad."""
    out = []
    for *spec, _ in cases:
        x, ys = logits(*spec)
        out.append(loss_and_grad(lambda x: getattr(sub, fn)(x, ys), x))
    return out


def ce_matches_reference(got, want, fn: str, cases) -> Verdict:
    verdict = passed()
    for g, w, case in zip(got, want, cases):
        if is_number(g["loss"]) and abs(g["loss"] - case[0] * w["loss"]) <= 1e-4 * abs(case[0] * w["loss"]):
            return failed(f"{fn} on {case[-1]} is {case[0]} times the expected {w['loss']:.6g}: the loss is the "
                          f"mean over the {case[0]} examples (.mean()), not their sum")
        verdict &= judge_loss_grad(g, w, f"{fn} on {case[-1]}", wrt="logits")
    return verdict


def ce_stays_finite(got, want, fn: str, cases) -> Verdict:
    verdict = passed()
    for g, w, case in zip(got, want, cases):
        verdict &= judge_stable(g, w, f"{fn} on {case[-1]}")
    return verdict


def judge_stable(got, want, name: str) -> Verdict:
    """ce_loss where the manual loss breaks: a finite loss and gradient, equal to the reference's."""
    loss, grad = got["loss"], got["grad"]
    finite_grad = type(grad) is torch.Tensor and bool(torch.isfinite(grad).all())
    if not is_number(loss) or not math.isfinite(loss) or (grad is not None and not finite_grad):
        return failed(f"{name} is not finite (loss {describe(loss)}): in float32, exp overflows to inf "
                      f"above ~88 and underflows to 0 below ~-103; F.cross_entropy subtracts each "
                      f"row's max logit first")
    return judge_loss_grad(got, want, name, wrt="logits")
