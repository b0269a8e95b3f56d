"""The kernels lecture's shared helpers: padded buffers that make an out-of-bounds access show.

The checks launch the learner's kernels on *views* into larger buffers: the inputs' padding is
NaN, so a load that runs past the end of a view reads NaN into the result, and the output's
padding holds a sentinel, so a store past the end changes it. Both then become one line of
feedback naming the kernel, instead of memory that the interpreter (and the GPU) would
otherwise read or overwrite unseen, or crash on. Shapes are never multiples of the blocks, so
the last block always sticks out; a 2-D view's rows are strided (the padding sits after each
row), so a kernel that takes a row for ``n_cols`` long is caught too.

Nothing here imports triton: the zygote loads these modules for every lecture, and a learner
without the kernels extra is told how to install it when their module's ``import triton`` fails.
The GPU checks (:func:`speed_probe`) import it themselves.
"""
from __future__ import annotations

import ast
import importlib.util
import os

import torch

from grader.check import check
from grader.judge import Verdict, close, failed, passed
from grader.source import Finding, Source, clean, report

PAD = 160               # elements of padding after a 1-D view, and after each row and below the last row of a 2-D one
SENTINEL = -7777.0      # the output buffers' padding: a store past the end changes it


def cdiv(a: int, b: int) -> int:
    return -(-a // b)


def padded(shape: tuple[int, ...], fill: float, transposed: bool = False,
           pad: int = PAD) -> tuple[torch.Tensor, torch.Tensor]:
    """``(buffer, view)``: a view of ``shape`` at the start of a buffer ``pad`` larger in each dim,
    filled with ``fill``; ``transposed`` makes a 2-D view the transpose of a padded (cols, rows) one."""
    if transposed:
        buffer, view = padded(shape[::-1], fill, pad=pad)
        return buffer, view.t()
    buffer = torch.full(tuple(n + pad for n in shape), fill)
    return buffer, buffer[tuple(slice(0, n) for n in shape)]


def nan_padded(t: torch.Tensor, transposed: bool = False, pad: int = PAD) -> torch.Tensor:
    """``t``'s values in a view into a NaN-padded buffer (``pad`` other than the output's: other strides)."""
    view = padded(tuple(t.shape), float("nan"), transposed, pad)[1]
    view.copy_(t)
    return view


def written_past(buffer: torch.Tensor, view: torch.Tensor) -> int:
    """How many of ``buffer``'s entries outside ``view`` (at its start, not transposed) are no longer the sentinel."""
    inside = torch.zeros_like(buffer, dtype=torch.bool)
    inside[tuple(slice(0, n) for n in view.shape)] = True
    return int(((buffer != SENTINEL) & ~inside).sum())


def called(fn, *args, **kwargs):
    """``fn(*args, **kwargs)``, with an error raised in a kernel under the interpreter (which wraps it in an
    InterpreterError holding only its repr) raised as itself: the stub's NotImplementedError then says
    "not implemented yet", and an error names the learner's line."""
    try:
        return fn(*args, **kwargs)
    except Exception as e:
        if type(e).__name__ == "InterpreterError" and e.__cause__ is not None:
            raise e.__cause__ from None
        raise


OUT = object()          # where the output goes among a launch's arguments


def launched(kernel, grid: tuple[int, ...], out_shape: tuple[int, ...], *args, **meta) -> dict:
    """``kernel[grid](*args, **meta)`` with ``OUT`` in ``args`` a view of ``out_shape`` into a sentinel-padded
    buffer (its rows ``PAD`` longer): the output as the kernel left it and how many elements it wrote past it."""
    buffer, out = padded(out_shape, SENTINEL)
    called(kernel[grid], *(out if a is OUT else a for a in args), **meta)
    return {"out": out.clone(), "past": written_past(buffer, out)}


def in_bounds(got: dict, kernel: str, strided: bool = False) -> Verdict:
    """A write past the output (the sentinel changed), then NaN read from past an input: the first thing a
    launch's judge looks at, since either makes every other symptom a knock-on effect.
    ``strided``: the views are 2-D with strided rows, where a wrong stride also lands in the padding."""
    strides = ", and find each element by its strides (a row is not n_cols long here)" if strided else ""
    if got["past"]:
        return failed(f"kernel {kernel} wrote past the end of its output ({plural(got['past'], 'element')}): "
                      f"mask the store{strides}")
    nan = int(got["out"].isnan().sum())
    if nan:
        return failed(f"kernel {kernel} read past the end of its input: {nan} of {got['out'].numel()} outputs are "
                      f"NaN, read from the NaN padding after the input: mask the loads{strides}")
    return passed()


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# tl.load(pointer, mask, other, boundary_check, ...) and tl.store(pointer, value, mask, boundary_check, ...)
MASK_AT = {"triton.language.load": 1, "triton.language.store": 2}


def unmasked(src: Source, kernel: str) -> list[str]:
    """From the learner's file, in the grader: each tl.load or tl.store in ``kernel`` (and what it calls)
    without a mask (or a block pointer's boundary_check). An unmasked load whose values are never
    stored leaves no trace in the output, but on a GPU it reads past the end of an allocation. (Code
    reached by a computed name is refused for every submission before anything runs, by the rule of
    grader.source.grader_reach; an exercise's stricter import list would refuse triton itself.)"""
    found = []
    calls = [n for top in (src.reach((kernel,)) if src.tree is not None else ()) for n in ast.walk(top)
             if isinstance(n, ast.Call)]
    for n in calls:
        at = MASK_AT.get(src.resolve(n.func))
        if at is not None and len(n.args) <= at and not {k.arg for k in n.keywords} & {"mask", "boundary_check"}:
            what = "load reads" if at == 1 else "store writes"
            found.append(Finding(n.lineno, f"{src.file} line {n.lineno}: {ast.unparse(n.func)} without a mask: the "
                                           f"last block's {what} past the end (mask=offsets < n)"))
    return report(src, found)


def compiled(sub):
    """The learner's module imported again with the interpreter off, so that ``@triton.jit`` builds its
    kernels for the GPU (triton reads TRITON_INTERPRET when the decorator runs)."""
    saved = os.environ.get("TRITON_INTERPRET")
    os.environ["TRITON_INTERPRET"] = "0"
    try:
        spec = importlib.util.spec_from_file_location(f"{sub.__name__}_compiled", sub.__file__)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        if saved is None:
            os.environ.pop("TRITON_INTERPRET")
        else:
            os.environ["TRITON_INTERPRET"] = saved
    return module


def speed_probe(sub, name: str, baseline, *inputs: torch.Tensor) -> dict:
    """The learner's ``name`` compiled for CUDA on ``inputs`` (moved there): every 1021st element of its
    output (the whole would be too large to send back), and its time and torch's ``baseline`` on the
    same inputs by ``triton.testing.do_bench`` (milliseconds)."""
    from triton.testing import do_bench

    fn = getattr(compiled(sub), name)
    args = [t.cuda() for t in inputs]
    out = fn(*args)
    return {"out": out.flatten()[::1021].cpu(), "ms": float(do_bench(lambda: fn(*args))),
            "torch_ms": float(do_bench(lambda: baseline(*args))), "card": torch.cuda.get_device_name()}


def judge_rows(got: torch.Tensor, want: torch.Tensor, name: str, strides: str, atol: float = 1e-5) -> Verdict:
    """The values; where row 0 is right and a later row is not, the kernel found its rows by something
    other than their stride."""
    verdict = close(got, want, name, atol=atol, rtol=1e-5)
    if verdict or not isinstance(got, torch.Tensor) or got.shape != want.shape or got.dim() != 2:
        return verdict
    right = ((got - want).abs() <= atol + 1e-5 * want.abs()).all(dim=1)
    if right[0] and not right.all():
        return failed(f"{name}: row 0 is right, row {int((~right).nonzero()[0])} is not: the rows here are "
                      f"strided ({strides}), so find row r at ptr + r * row_stride, never at r * n_cols")
    return verdict


def judge_speed(got: dict, want: dict, name: str, atol: float = 1e-4) -> Verdict:
    """The point is for the compiled kernel's output (judged here against the reference's); the time is
    feedback only: it was measured in the learner's process, on a shared GPU."""
    verdict = close(got["out"], want["out"], f"{name} compiled for CUDA", atol=atol, rtol=1e-4)
    if not verdict:
        return verdict
    ratio = got["ms"] / got["torch_ms"] if got["torch_ms"] > 0 else float("inf")
    return passed(f"{name} on {str(got['card'])[:80]}: {got['ms']:.4f} ms, torch {got['torch_ms']:.4f} ms "
                  f"({ratio:.2f}x torch's time; timed in your process, for information)")


def every_exercise_checks(kernel: str, function: str, baseline, inputs, atol: float = 1e-4) -> None:
    """The two checks every exercise of the lecture has, declared for the exercise module that calls
    this: ``masks``, from the source (every load and store of ``kernel`` masked), and ``cuda_speed``
    (``function`` compiled on the GPU, on ``inputs()``, against torch's ``baseline``; a small weight)."""
    def masks(src):
        return unmasked(src, kernel)

    def every_load_and_store_masked(got):
        return clean(got)

    def cuda_speed(sub):
        return speed_probe(sub, function, baseline, *inputs())

    def compiled_matches_the_reference(got, want):
        return judge_speed(got, want, function, atol)

    check(source=True)(masks).judge(every_load_and_store_masked)
    check(weight=0.5, device="cuda")(cuda_speed).judge(compiled_matches_the_reference)
