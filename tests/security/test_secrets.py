"""Secrets in every child (issue 15, class 4): the zygote imports every check, hidden ones included,
so learner code of one exercise can read the hidden probes, seeds and held-out data of all the
others and print or return them; and feedback quotes the learner's text at any length.

The attacks read what they find out of ``sys.modules`` (or import it) and print it; the report
(output and feedback, in any format) must hold no secret of another exercise.
"""
import re

import pytest

from grader.report import FORMATS
from tests.conftest import grade
from tests.engine.test_sandbox import answer, verdict

DUMP = """
import importlib, sys, types
found = []
for name in ({extra}):
    try:
        importlib.import_module(name)
    except Exception:
        pass
for name, module in sorted(sys.modules.items()):
    if ".hidden" not in name or not name.startswith({prefix!r}) or {skip!r} in name:
        continue
    for key, value in sorted(vars(module).items()):
        for part in (getattr(value, "probe", None), getattr(value, "judge_fn", None), value):   # a Check, a function
            code = getattr(part, "__code__", None)
            if code is not None and getattr(part, "__module__", None) == name:
                strings = [c for c in code.co_consts if isinstance(c, str)]
                found.insert(0, f"{{name}}.{{key}}: {{code.co_name}} {{strings}} {{code.co_names}}")
        if type(value) in (int, tuple) and not key.startswith("__"):
            found.append(f"{{name}}.{{key}} = {{str(value)[:60]}}")     # seeds and specs: last, the output keeps the tail
print("\\n".join(found[-20:]))
"""


def every_format(report) -> str:
    return "\n".join(FORMATS[f](report) for f in FORMATS)


def test_hidden_probes_of_another_exercise_do_not_reach_the_report(grade_toy):
    """Grading basics.answer: the hidden probe of basics.add (adds_broadcast, its judge's text) is a secret."""
    attack = answer(DUMP.format(extra="'toy_checks.hidden.basics',", prefix="toy_checks", skip="__none__")
                    + "\nraise ValueError(' | '.join(found)[-400:])")
    report = grade_toy(attack, targets=("basics.answer",))
    text = every_format(report)
    assert "adds_broadcast" not in text
    assert "with broadcasting" not in text


def test_hidden_seeds_of_other_lectures_do_not_reach_the_report(course, tmp_path):
    """A lecture 2 submission prints the held-out split's seed of lecture 3 and lecture 4's hidden network."""
    from grader.checks.hidden import lecture3
    from grader.checks.hidden.lecture4 import E02 as lecture4
    from tests.conftest import copy_lecture
    root = copy_lecture(course, "lecture2", tmp_path)
    path = root / "lecture2" / "cross_entropy.py"
    extra = "'grader.checks.hidden.lecture3', 'grader.checks.hidden.lecture4.E02'"
    path.write_text(path.read_text() + "\n" + DUMP.format(extra=extra, prefix="grader.checks", skip="lecture2"))
    report = grade(course, ["lecture2.E05"], root)
    text = every_format(report)
    assert str(lecture3.HIDDEN_SPLIT) not in text
    assert str(lecture4.HIDDEN_SPEC[0]) not in text


def _longest_run(text: str, char: str) -> int:
    return max((len(m) for m in re.findall(re.escape(char) + "+", text)), default=0)


CAP_ATTACKS = {
    "exception": answer("raise ValueError('B' * 5000)"),
    "type name": answer("return type('B' * 5000, (), {})()"),
    "import": {"answer.py": "raise ImportError('B' * 5000)\n"},
    "traceback line": answer("y = '" + "B" * 3000 + "'; raise ValueError(y[:3])"),
}


@pytest.mark.parametrize("what", sorted(CAP_ATTACKS))
def test_feedback_quoting_learner_text_is_capped(grade_toy, what):
    """Exception messages, type names, import errors, source lines of any length: the feedback quotes
    ~200 characters of them (250 allowed here), in every format a learner sees."""
    report = grade_toy(CAP_ATTACKS[what], targets=("basics.answer",))
    r = verdict(report)
    assert r.points == 0
    for line in r.feedback:
        assert _longest_run(line, "B") <= 250, f"{what}: feedback quotes {_longest_run(line, 'B')} characters"
    for fmt in ("text", "markdown", "junit", "gradescope"):
        assert _longest_run(FORMATS[fmt](report), "B") <= 250, f"{what}: {fmt}"
