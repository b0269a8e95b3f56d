"""Plain data: the only thing that crosses from a sandboxed child to the grader.

The child makes a probe's result plain (:func:`to_plain`) and serialises it with
``torch.save``; the grader deserialises it with ``torch.load(weights_only=True)``, which
refuses anything but tensors and builtin containers, and then walks it once more. That
walk is bounded: a payload of a few hundred bytes can describe a list that holds itself
eight times, nineteen levels deep (8**19 paths through shared references), and a walk
that follows every path would never end. Every item counts, shared or not, so the walk
and every judge after it see at most ``MAX_ITEMS`` of them.
"""
from __future__ import annotations

import io
import warnings
from typing import Any

from grader.text import capped

MAX_RESULT_BYTES = 64 << 20      # one probe's result, serialised
MAX_ITEMS = 1_000_000            # values in one result, counting a shared container each time it is reached
MAX_DEPTH = 20


class NotPlainData(ValueError):
    """A probe's result that cannot cross the boundary: the learner sees the message as it is."""


def why_not_plain(x: Any) -> str:
    """'' if ``x`` is plain data within the bounds, else what is wrong with it (one phrase)."""
    import torch

    seen = 0
    stack: list[tuple[Any, int]] = [(x, 0)]
    while stack:
        value, depth = stack.pop()
        seen += 1
        if seen > MAX_ITEMS:
            return (f"more than {MAX_ITEMS:,} values (a list or dict reached through many paths counts "
                    f"once for each)")
        if depth > MAX_DEPTH:
            return f"data nested more than {MAX_DEPTH} levels deep"
        kind = type(value)
        if value is None or kind in (bool, int, float, str):
            continue
        if kind is torch.Tensor:
            if value.layout != torch.strided:
                return f"a {value.layout} tensor"
            continue
        if kind in (list, tuple):
            stack.extend((v, depth + 1) for v in value)
            continue
        if kind is dict:
            for k, v in value.items():
                if type(k) not in (str, int):
                    return f"a dict key of type {type(k).__name__}"
                stack.append((v, depth + 1))
            continue
        return f"a {capped(f'{kind.__module__}.{kind.__qualname__}', 80)}"
    return ""


def to_plain(x: Any) -> Any:
    """Make a probe's result plain: detach tensors, turn numpy values into Python/torch ones."""
    import numpy as np
    import torch

    if isinstance(x, torch.Tensor) and type(x) is torch.Tensor:
        return x.detach().cpu().clone() if x.is_cuda else x.detach()
    if type(x) in (list, tuple):
        return type(x)(to_plain(v) for v in x)
    if type(x) is dict:
        return {k: to_plain(v) for k, v in x.items()}
    if type(x) is torch.Size:
        return tuple(x)
    if isinstance(x, np.ndarray) and type(x) is np.ndarray:
        return torch.from_numpy(x.copy())
    if type(x) in (np.float16, np.float32, np.float64):
        return float(x)
    if type(x) in (np.int8, np.int16, np.int32, np.int64, np.uint8):
        return int(x)
    if type(x) is np.bool_:
        return bool(x)
    return x


def dump_plain(x: Any) -> bytes:
    import torch

    why = why_not_plain(x)
    if why:
        raise NotPlainData(f"the result contains {why}, where plain data (numbers, strings, lists, "
                           f"dicts, plain tensors) was expected")
    buffer = io.BytesIO()
    torch.save(x, buffer)
    if buffer.tell() > MAX_RESULT_BYTES:
        raise NotPlainData(f"the result is {buffer.tell() >> 20} MB; results are limited to "
                           f"{MAX_RESULT_BYTES >> 20} MB")
    return buffer.getvalue()


def load_plain(payload: bytes) -> Any:
    """Deserialise a child's result safely and make sure it is plain data within the bounds."""
    import torch

    if len(payload) > MAX_RESULT_BYTES:
        raise ValueError(f"the result is larger than {MAX_RESULT_BYTES >> 20} MB")
    try:
        with warnings.catch_warnings():     # e.g. "pickle protocol 4": the unpickler decides, not the warning
            warnings.simplefilter("ignore")
            data = torch.load(io.BytesIO(payload), weights_only=True, map_location="cpu")
    except Exception as e:  # the unpickler refuses anything but plain data
        raise ValueError(f"the result is not plain data ({str(e).splitlines()[0][:200]})") from None
    why = why_not_plain(data)
    if why:
        raise ValueError(f"the result contains {why}, where plain data was expected")
    return data
