"""Stubs come from solutions: the markers' blocks become `raise NotImplementedError`."""
import pytest

from grader.errors import UsageError
from grader.stubs import stub_source

SOLUTION = '''def f(x):
    """Double x."""
    # BEGIN SOLUTION
    # HINT: multiply
    y = x * 2
    return y
    # END SOLUTION


class A:
    def g(self):
        # BEGIN SOLUTION
        return 1
        # END SOLUTION
'''


def test_blocks_become_raises_and_hints_stay():
    assert stub_source(SOLUTION) == '''def f(x):
    """Double x."""
    # HINT: multiply
    raise NotImplementedError


class A:
    def g(self):
        raise NotImplementedError
'''


@pytest.mark.parametrize("text, message", [
    ("# BEGIN SOLUTION\nx = 1\n", "f.py:1: # BEGIN SOLUTION is never closed by # END SOLUTION"),
    ("x = 1\n# END SOLUTION\n", "f.py:2: # END SOLUTION without a # BEGIN SOLUTION"),
    ("# BEGIN SOLUTION\n# BEGIN SOLUTION\n", "f.py:2: # BEGIN SOLUTION inside the block opened at line 1"),
])
def test_broken_markers(text, message):
    with pytest.raises(UsageError) as e:
        stub_source(text, "f.py")
    assert str(e.value) == message
