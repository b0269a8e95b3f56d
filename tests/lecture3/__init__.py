"""Tests of lecture 3; ``edited`` serves lecture 4's too."""
from pathlib import Path

SOLUTIONS = Path(__file__).resolve().parents[2] / "solutions"


def edited(lecture: str, file: str, edits: dict) -> tuple[str, str]:
    """(the reference solutions/<lecture>/<file>, the same with every ``old: new`` of ``edits``): one edit
    for grade_mutant, which must apply as written."""
    text = (SOLUTIONS / lecture / file).read_text()
    new = text
    for old, replacement in edits.items():
        assert new.count(old) == 1, old
        new = new.replace(old, replacement)
    return text, new


def feedback_is(result, expected: dict) -> None:
    """Each named check of an ExerciseResult shows exactly that one line of feedback."""
    for name, line in expected.items():
        assert result.check(name).feedback == [line], (name, result.check(name))
