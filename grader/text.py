"""Text that came from a learner, made safe to show: capped, and with no control characters.

Learner output, exception messages and values quoted in feedback reach terminals, HTML,
XML and CSV. An escape sequence there could clear the screen or forge a "Total 5 / 5" line,
and most control characters are not even legal in XML; so every such character is shown
as its escape (``\\x1b``), and quotes are capped where feedback repeats them.
"""
from __future__ import annotations

import re

QUOTE_CAP = 200                    # characters of learner-derived text one feedback line quotes
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff\ud800-\udfff]")


def capped(text: str, cap: int = QUOTE_CAP) -> str:
    """``text`` cut to ``cap`` characters, with an ellipsis where it was cut."""
    return text if len(text) <= cap else text[:cap] + "…"


def printable(text: str, cap: int | None = None, line_cap: int | None = None) -> str:
    """``text`` with control characters (all but newline and tab) escaped, cut to ``cap``
    characters in all and to ``line_cap`` in each line."""
    if cap is not None:
        text = capped(text, cap)
    if line_cap is not None:
        text = "\n".join(capped(line, line_cap) for line in text.split("\n"))
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape", "backslashreplace").decode("ascii"), text)
