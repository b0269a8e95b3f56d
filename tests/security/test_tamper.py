"""A submission cannot earn a point it did not compute (DESIGN.md, "probe in a sandbox, judge in the parent").

Each attack returns a wrong answer (41, or a + b + 1) and tries to make the grader accept
it anyway. Every one must score 0 on the checks it touches.
"""
import hashlib
import json
import os
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import TOY
from tests.engine.test_sandbox import answer, verdict

WRONG_ADD = "def add(a, b):\n    return a + b + 1\n\ndef scale(x, k):\n    return x * k\n"


def test_sys_exit_zero(grade_toy):
    r = verdict(grade_toy(answer("import sys\nsys.exit(0)")))
    assert (r.points, r.status) == (0, "error")
    assert r.feedback[0] == "your code called sys.exit(); nothing was graded for it"


def test_sys_exit_at_import(grade_toy):
    r = verdict(grade_toy({"answer.py": "import sys\nsys.exit(0)\n"}))
    assert (r.points, r.status) == (0, "error")


def test_os_exit_zero(grade_toy):
    r = verdict(grade_toy(answer("import os\nos._exit(0)")))
    assert (r.points, r.status) == (0, "error")
    assert "exited with status 0" in r.feedback[0]


def test_fake_report_on_stdout(toy, tmp_path):
    """Whatever the learner prints goes to the report's output field, never to the grader's stdout."""
    sub = tmp_path / "sub"
    (sub / "basics").mkdir(parents=True)
    for name in ("arith.py", "answer.py"):
        (sub / "basics" / name).write_text((TOY / "solutions" / "basics" / name).read_text())
    fake = json.dumps({"schema": "coursekit-report", "points": 6, "max_points": 6, "percent": 100.0})
    (sub / "basics" / "answer.py").write_text(
        f"import os\nos.write(1, {fake!r}.encode())\nprint('PASSED 6/6')\ndef answer():\n    return 41\n")
    from grader.cli import main
    result = CliRunner().invoke(main, ["--course", str(TOY), "grade", "basics.answer", "--submission", str(sub),
                                       "--format", "json"])
    body = json.loads(result.stdout)
    assert body["points"] == 0
    assert "PASSED 6/6" in body["exercises"][0]["output"]


def test_patching_comparisons_and_builtins(grade_toy):
    source = "import builtins, torch, grader.judge\n" \
             "torch.allclose = torch.equal = lambda *a, **k: True\n" \
             "grader.judge.close = grader.judge.equal = lambda *a, **k: grader.judge.passed()\n" \
             "builtins.abs = lambda x: 0\n" + WRONG_ADD
    ex = grade_toy({"arith.py": source}).exercise("basics.add")
    assert ex.check("adds").points == 0
    assert ex.check("adds").feedback[0].startswith("a + b: 20 of 20 values differ")


def test_tensor_subclass(grade_toy):
    source = "import torch\nclass Liar(torch.Tensor):\n    def __eq__(self, other):\n        return True\n" \
             "def add(a, b):\n    return (a + b + 1).as_subclass(Liar)\n\ndef scale(x, k):\n    return x * k\n"
    r = grade_toy({"arith.py": source}).exercise("basics.add").check("adds")
    assert (r.points, r.status) == (0, "error")
    assert "Liar" in r.feedback[0] and "plain data" in r.feedback[0]


def test_object_that_equals_everything(grade_toy):
    r = verdict(grade_toy(answer("class Always:\n    def __eq__(self, other):\n        return True\nreturn Always()")))
    assert (r.points, r.status) == (0, "error")
    assert "Always" in r.feedback[0]


def _tree(folder: Path) -> dict[str, str]:
    return {str(p): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_writing_the_reference_cache(grade_toy):
    """The learner overwrites every cached reference with its own wrong answer: masked, read-only."""
    grade_toy({})                                     # make sure the references are cached
    cache = Path(os.environ["COURSEKIT_CACHE"])
    before = _tree(cache)
    attack = answer(f"""
        import io, pathlib, torch
        buffer = io.BytesIO()
        torch.save({{"value": 41}}, buffer)
        for path in pathlib.Path({str(cache)!r}).rglob("*.pt"):
            try:
                path.write_bytes(buffer.getvalue())
            except OSError:
                pass
        return 41
    """)
    assert verdict(grade_toy(attack)).points == 0
    assert verdict(grade_toy(attack)).points == 0     # and no later run benefits either
    assert _tree(cache) == before


def test_reading_the_solutions(grade_toy):
    attack = answer(f"""
        import runpy
        return runpy.run_path({str(TOY / 'solutions' / 'basics' / 'answer.py')!r})["answer"]()
    """)
    r = verdict(grade_toy(attack))
    assert (r.points, r.status) == (0, "error")
    assert r.feedback[0].startswith("FileNotFoundError")


def test_signalling_the_grader(grade_toy):
    """The grader's processes are outside the sandbox's PID namespace: there is no pid to aim at."""
    attack = answer("""
        import os, signal
        parent = os.getppid()
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.kill(parent, sig)
            except OSError:
                pass
        return parent
    """)
    r = verdict(grade_toy(attack))
    assert r.feedback == ["answer(): got 0, expected 42"]     # its parent is outside: pid 0