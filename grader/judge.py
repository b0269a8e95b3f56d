"""Verdicts and the comparisons judges are written with.

Everything here runs in the grader's own process, on data that crossed the sandbox
boundary, so it trusts nothing about that data: a learner's value may be missing, of
the wrong type, the wrong shape or full of NaNs, and each of those gets its own
feedback instead of an exception. Feedback says *what* is wrong (which tensor, which
shape, how far off and where) without printing the reference's values wholesale.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import torch

from grader.text import capped

PASSED, FAILED, ERROR, SKIPPED = "passed", "failed", "error", "skipped"


@dataclass(frozen=True)
class Verdict:
    """The outcome of one check: the fraction of its points earned and why."""
    fraction: float
    feedback: tuple[str, ...] = field(default=())
    status: str = ""

    def __post_init__(self):
        object.__setattr__(self, "fraction", min(1.0, max(0.0, float(self.fraction))))
        if not self.status:
            object.__setattr__(self, "status", PASSED if self.fraction == 1.0 else FAILED)

    def __and__(self, other: "Verdict") -> "Verdict":
        """Both must hold: the lower fraction counts, every complaint is kept."""
        return Verdict(min(self.fraction, other.fraction), self.feedback + other.feedback)

    def __bool__(self) -> bool:
        return self.status == PASSED


def passed(message: str = "") -> Verdict:
    return Verdict(1.0, (message,) if message else ())


def failed(message: str) -> Verdict:
    return Verdict(0.0, (message,))


def error(message: str) -> Verdict:
    return Verdict(0.0, (message,), status=ERROR)


def skipped(message: str) -> Verdict:
    return Verdict(0.0, (message,), status=SKIPPED)


def true(condition: Any, message: str) -> Verdict:
    """Pass when ``condition`` is the boolean True; ``message`` says what is wrong otherwise."""
    return passed() if condition is True else failed(message)


def false(condition: Any, message: str) -> Verdict:
    return passed() if condition is False else failed(message)


def partial(verdicts: list[Verdict]) -> Verdict:
    """Partial credit: the mean of the parts, with the feedback of those that failed."""
    if not verdicts:
        return passed()
    fraction = sum(v.fraction for v in verdicts) / len(verdicts)
    return Verdict(fraction, tuple(m for v in verdicts for m in v.feedback))


def scaled(value: float, floor: float, goal: float, name: str) -> Verdict:
    """Linear credit from ``floor`` (nothing) to ``goal`` (full); works for losses (goal < floor) too."""
    if not is_number(value):
        return failed(f"{name}: expected a number, got {describe(value)}")
    if not math.isfinite(value):
        return failed(f"{name} is {value}")
    fraction = (value - floor) / (goal - floor)
    verdict = Verdict(fraction)
    if verdict.fraction < 1.0:
        better = "below" if goal < floor else "at least"
        return Verdict(fraction, (f"{name} is {value:.4g}; full points need {better} {goal:.4g}",))
    return verdict


def is_number(x: Any) -> bool:
    return type(x) in (int, float) and not isinstance(x, bool)


def describe(x: Any) -> str:
    """A short, learner-readable description of a value's kind (never its full contents)."""
    if isinstance(x, torch.Tensor):
        return f"a {x.dtype} tensor of shape {tuple(x.shape)}"
    if isinstance(x, (list, tuple)):
        return f"a {type(x).__name__} of length {len(x)}"
    if isinstance(x, dict):
        return f"a dict with keys {sorted(map(str, x))[:6]}"
    if isinstance(x, str):
        return f"the string {x[:40]!r}" + ("…" if len(x) > 40 else "")
    return f"{type(x).__name__} {x!r}"[:80]


def quote(x: Any) -> str:
    """``repr(x)``, capped: a learner's value can be a megabyte of text."""
    return capped(repr(x))


def _where(index: tuple[int, ...]) -> str:
    return "[" + ", ".join(map(str, index)) + "]"


def tensor(got: Any, want: torch.Tensor, name: str, dtype: bool = True) -> Verdict:
    """Is ``got`` a plain tensor shaped (and, if ``dtype``, typed) like ``want``?"""
    if type(got) is not torch.Tensor:
        return failed(f"{name}: expected {describe(want)}, got {describe(got)}")
    if got.shape != want.shape:
        return failed(f"{name}: expected shape {tuple(want.shape)}, got {tuple(got.shape)}")
    if dtype and got.dtype != want.dtype:
        return failed(f"{name}: expected dtype {want.dtype}, got {got.dtype}")
    return passed()


def close(got: Any, want: Any, name: str, atol: float = 1e-6, rtol: float = 1e-5,
          dtype: bool = True) -> Verdict:
    """Tensors (or numbers) equal within tolerance; feedback names the worst element."""
    if is_number(want):
        if not is_number(got):
            return failed(f"{name}: expected a number, got {describe(got)}")
        if math.isfinite(got) and abs(got - want) <= atol + rtol * abs(want):
            return passed()
        return failed(f"{name}: got {got:.6g}, expected {want:.6g} (diff {abs(got - want):.3g})")
    shape = tensor(got, want, name, dtype=dtype)
    if not shape:
        return shape
    if got.numel() == 0:
        return passed()
    g, w = got.detach().double(), want.detach().double()
    bad = ~torch.isfinite(g) & torch.isfinite(w)
    if bad.any():
        at = tuple(int(i) for i in bad.nonzero()[0])
        return failed(f"{name}: {float(g[at])} at {_where(at)} where a finite value was expected")
    diff = (g - w).abs().nan_to_num(nan=0.0)
    excess = diff - (atol + rtol * w.abs())
    if (excess <= 0).all():
        return passed()
    at = tuple(int(i) for i in torch.unravel_index(excess.argmax(), excess.shape))
    count = int((excess > 0).sum())
    return failed(f"{name}: {count} of {got.numel()} values differ; max abs diff "
                  f"{float(diff.max()):.3g}, worst at {_where(at)} (got {float(g[at]):.6g}, "
                  f"expected {float(w[at]):.6g})")


def equal(got: Any, want: Any, name: str) -> Verdict:
    """Exact equality of plain data; feedback points at the first difference."""
    if isinstance(want, torch.Tensor):
        shape = tensor(got, want, name)
        if not shape:
            return shape
        if torch.equal(got, want):
            return passed()
        differ = (got != want).nonzero()
        at = tuple(int(i) for i in differ[0])
        return failed(f"{name}: {len(differ)} of {got.numel()} values differ, first at {_where(at)} "
                      f"(got {got[at].item()}, expected {want[at].item()})")
    if isinstance(want, (list, tuple)):
        if not isinstance(got, (list, tuple)):
            return failed(f"{name}: expected {describe(want)}, got {describe(got)}")
        if len(got) != len(want):
            return failed(f"{name}: expected {len(want)} items, got {len(got)}")
        for i, (g, w) in enumerate(zip(got, want)):
            v = equal(g, w, f"{name}[{i}]")
            if not v:
                return v
        return passed()
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return failed(f"{name}: expected {describe(want)}, got {describe(got)}")
        missing = [k for k in want if k not in got]
        if missing:
            return failed(f"{name}: missing key {missing[0]!r}")
        extra = [k for k in got if k not in want]
        if extra:
            return failed(f"{name}: unexpected key {extra[0]!r}")
        for k in want:
            v = equal(got[k], want[k], f"{name}[{k!r}]")
            if not v:
                return v
        return passed()
    if type(got) is not type(want):
        return failed(f"{name}: expected {describe(want)}, got {describe(got)}")
    return passed() if got == want else failed(f"{name}: got {quote(got)}, expected {quote(want)}")
