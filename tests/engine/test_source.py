"""grader/source.py on its own: what the grader reads from a learner's file, and what it survives."""
from __future__ import annotations

from grader.source import MAX_BYTES, Source, read

ONE_HOT = ("torch.nn.functional.one_hot", ".one_hot")


def forbidden(text: str, within=("f",)) -> list[str]:
    return [f.message for f in Source("x.py", text).forbidden(ONE_HOT, within, "index")]


def test_aliases_are_resolved():
    assert forbidden("import torch.nn.functional as F\ndef f(x):\n    return F.one_hot(x)\n") == [
        "x.py line 3: F.one_hot is not allowed here (index)"]
    assert forbidden("from torch.nn.functional import one_hot as oh\ndef f(x):\n    return oh(x)\n") == [
        "x.py line 1: torch.nn.functional.one_hot is not allowed here (index)",
        "x.py line 3: oh is not allowed here (index)"]
    assert forbidden("import torch\ndef f(x):\n    return torch.nn.functional.one_hot(x)\n") == [
        "x.py line 3: torch.nn.functional.one_hot is not allowed here (index)"]


def test_scope_is_what_the_function_reaches():
    text = ("import torch.nn.functional as F\n"
            "def helper(x):\n    return F.one_hot(x)\n"
            "def f(x):\n    return helper(x)\n"
            "def unrelated(x):\n    return F.one_hot(x)\n"
            "if __name__ == '__main__':\n    F.one_hot(None)\n")
    assert forbidden(text) == ["x.py line 3: F.one_hot is not allowed here (index)"]


def test_dynamic_access_is_flagged_anywhere():
    text = ("import sys\nimport torch\nname = 'one_' + 'hot'\n"
            "def g(F):\n    a = getattr(F, name)\n    b = getattr(F, 'relu')\n    c = F.__dict__\n"
            "    d = torch._C\n    return eval('1')\n")
    found = [(f.line, f.message.split(": ")[1].split(" is ")[0]) for f in Source("x.py", text).dynamic()]
    assert found[0][0] == 1 and found[0][1].startswith("import of sys")
    assert found[1:] == [(5, "getattr with a computed name"), (7, "F.__dict__"), (8, "torch._C"), (9, "eval")]
    assert Source("x.py", "import mylib\n").dynamic()[0].message.startswith("x.py line 1: import of mylib is not "
                                                                              "allowed here")
    assert Source("x.py", "from . import other\n").dynamic()[0].message.startswith(
        "x.py line 1: import of '.' from another file")


def test_plain_code_is_clean():
    text = ("import math\nimport torch\nfrom torch import nn\n"
            "class M(nn.Module):\n    def __init__(self):\n        super().__init__()\n"
            "        setattr(self, 'w', nn.Parameter(torch.ones(2)))\n"
            "    def forward(self, x):\n        return x @ self.w * math.sqrt(2)\n")
    s = Source("x.py", text)
    assert s.dynamic() == [] and s.loops(("M.forward",), "no") == []


def test_loops_and_recursion():
    text = ("def f(x, n):\n    return g(x, n)\n"
            "def g(x, n):\n    return x if n == 0 else g(x, n - 1)\n"
            "def h(xs):\n    return list(map(abs, xs)) + [x for x in xs]\n")
    assert [f.message for f in Source("x.py", text).loops(("f",), "why")] == [
        "x.py line 3: g calls itself, a Python loop (why)"]
    assert len(Source("x.py", text).loops(("h",), "why")) == 1      # map and the comprehension share line 6


def test_files_the_grader_will_not_analyse(tmp_path):
    big = tmp_path / "big.py"
    big.write_bytes(b"#" * (MAX_BYTES + 1))
    assert "over 1 MB" in read(big).error
    bad = tmp_path / "bad.py"
    bad.write_bytes(b"\xff\xfe")
    assert "not UTF-8" in read(bad).error
    link = tmp_path / "link.py"
    link.symlink_to(bad)
    assert "could not be read" in read(link).error
    deep = Source("deep.py", "x = " + "(" * 1000 + ")" * 1000)
    assert deep.error and deep.dynamic()[0].message == deep.error
    long = Source("long.py", "x = " + " + ".join(["a"] * 50_000) + "\n")   # too deep for the parser itself
    assert long.error == "long.py could not be parsed (RecursionError)" and long.dynamic()[0].message == long.error
    wide = Source("wide.py", "x = [" + ", ".join(["a + 1"] * 50_000) + "]\n")   # big, not deep: analysed
    assert wide.dynamic() == [] and not wide.error
