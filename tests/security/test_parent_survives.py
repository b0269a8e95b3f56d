"""The parent survives any message (issue 15, class 6): a learner's result or files may cost that
learner's check, exercise or row, never stall or end the grader's run.

The stall attack runs the real CLI in its own process group under a wall-clock limit, so an old
grader that hangs is killed rather than left burning the machine.
"""
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from tests.conftest import TOY

SHARED = """
import io, torch

try:                                      # at import: skip the child's own plain-data walk, as learner code can today
    import grader.sandbox as s

    def dump(value):
        buffer = io.BytesIO()
        torch.save(value, buffer)         # pickle's memo: a few hundred bytes on the wire
        return buffer.getvalue()
    s.to_plain, s.dump_plain = (lambda value: value), dump
except Exception:
    pass


def answer():
    x = 42
    for _ in range(19):
        x = [x] * 8                       # 8**19 paths, 19 * 8 references
    return x
"""


def run_cli(args, limit):
    """(exit code or None if it ran past ``limit`` seconds, stdout, seconds)."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "grader", "--course", str(TOY), *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=limit)
        return proc.returncode, out, time.monotonic() - started
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)          # the grader and the sandboxes it started
        proc.communicate()
        return None, "", time.monotonic() - started


def test_shared_references_give_an_error_not_a_hang(tmp_path):
    (tmp_path / "basics").mkdir()
    (tmp_path / "basics" / "answer.py").write_text(SHARED)
    code, out, took = run_cli(["grade", "basics.answer", "--submission", str(tmp_path), "--format", "json",
                               "--timeout", "2"], limit=40)
    assert code is not None, f"the grader was still judging after {took:.0f} s"
    ex = json.loads(out)["exercises"][0]
    assert ex["points"] == 0
    assert {c["status"] for c in ex["checks"]} == {"error"}


def _notebook(cells) -> str:
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {"tags": ["basics.answer"]}, "source": s, "outputs": [],
         "execution_count": None} for s in cells]})


def _non_utf8_name(learner):
    (learner / "basics").mkdir(parents=True)
    (learner / "basics" / "answer.py").write_text((TOY / "solutions" / "basics" / "answer.py").read_text())
    fd = os.open(os.fsencode(learner / "basics") + b"/\xff\xfe.py", os.O_WRONLY | os.O_CREAT, 0o644)
    os.close(fd)


BAD = {
    "non-UTF-8 file name": lambda subs: _non_utf8_name(subs / "mallory"),
    "100,000-deep notebook JSON": lambda subs: (subs / "mallory.ipynb").write_text("[" * 100_000 + "]" * 100_000),
    "a cell of one 100,000-term expression": lambda subs: (subs / "mallory.ipynb").write_text(
        _notebook(["def answer():\n    return " + "+".join(["1"] * 100_000) + "\n"])),
    "a cell nested 200,000 deep": lambda subs: (subs / "mallory.ipynb").write_text(
        _notebook(["def answer():\n    return " + "-" * 200_000 + "42\n"])),
}


@pytest.mark.parametrize("bad", list(BAD))
def test_one_bad_learner_is_one_error_row_and_the_batch_finishes(tmp_path, bad):
    subs = tmp_path / "subs"
    (subs / "alice" / "basics").mkdir(parents=True)
    (subs / "alice" / "basics" / "answer.py").write_text((TOY / "solutions" / "basics" / "answer.py").read_text())
    (subs / "zoe" / "basics").mkdir(parents=True)
    (subs / "zoe" / "basics" / "answer.py").write_text((TOY / "solutions" / "basics" / "answer.py").read_text())
    BAD[bad](subs)
    from grader.cli import main
    out = tmp_path / "grades.csv"
    result = CliRunner().invoke(main, ["--course", str(TOY), "batch", str(subs), "basics.answer", "--out", str(out)])
    assert out.is_file(), f"{bad}: no gradebook ({type(result.exception).__name__}: {result.exception})"
    rows = {line.split(",")[0]: line.split(",") for line in out.read_text().splitlines()[1:]}
    assert float(rows["alice"][3]) == 100.0 and float(rows["zoe"][3]) == 100.0     # before and after it
    assert "mallory" in rows and rows["mallory"][1] in ("", "0", "0.0")
