"""Time and text (issue 15, classes 7 and 8).

Time: every second of learner code, its import included, counts against a stated budget, and a
timeout message states the time it really took. Text: whatever the learner prints or raises is
data; a control character (clear screen, cursor moves, carriage return) never reaches a report raw.
"""
import json
import re
import time

from grader.report import FORMATS
from tests.engine.test_sandbox import verdict

LOOP_AT_IMPORT = {"answer.py": "while True:\n    pass\n\ndef answer():\n    return 42\n"}


def test_an_endless_loop_at_import_is_bounded_by_the_timeout(grade_toy):
    grade_toy({}, targets=("basics.answer",))          # the references are cached: only the learner's time counts
    started = time.monotonic()
    report = grade_toy(LOOP_AT_IMPORT, targets=("basics.answer",), timeout=2)
    took = time.monotonic() - started
    r = verdict(report)
    assert (r.points, r.status) == (0, "error")
    assert took < 2 + 5, f"an endless loop at import under --timeout 2 took {took:.1f} s to report"
    stated = [float(x) for x in re.findall(r"(\d+(?:\.\d+)?) ?s\b", r.feedback[0])]
    assert stated, r.feedback
    assert all(1.5 <= s <= took + 0.5 for s in stated), f"the message says {r.feedback[0]!r}; it took {took:.1f} s"


ESCAPES = "\x1b[2J\x1b[H\x1b]0;owned\x07\rTotal 5 / 5 (100.0%)\x08\x9b31m"
FAKE = {"answer.py": f"print({ESCAPES!r})\n\ndef answer():\n    raise ValueError({ESCAPES!r})\n"}
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")       # every C0/C1 control but tab and newline


def test_control_characters_never_reach_a_report_raw(grade_toy):
    report = grade_toy(FAKE, targets=("basics.answer",))
    assert verdict(report).points == 0
    found = {fmt: sorted(set(RAW.findall(render(report)))) for fmt, render in FORMATS.items()}
    assert not {fmt: chars for fmt, chars in found.items() if chars}, "raw control characters"


def test_json_reports_carry_no_control_characters_in_their_values(grade_toy):
    """json.dumps writes ESC as \\u001b, which every consumer decodes back into ESC and prints: the
    learner's text must already be escaped in the values (feedback and output)."""
    report = grade_toy(FAKE, targets=("basics.answer",))
    for fmt in ("json", "gradescope"):
        def strings(x):
            if isinstance(x, str):
                yield x
            elif isinstance(x, dict):
                for v in x.values():
                    yield from strings(v)
            elif isinstance(x, list):
                for v in x:
                    yield from strings(v)
        found = sorted({c for s in strings(json.loads(FORMATS[fmt](report))) for c in RAW.findall(s)})
        assert not found, f"{fmt}: control characters {found!r} in the values"
