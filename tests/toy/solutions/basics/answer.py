"""The answer: whatever a submission does to get it, only the value it returns counts."""


def answer() -> int:
    """Return 42."""
    # BEGIN SOLUTION
    return 42
    # END SOLUTION
