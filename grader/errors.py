"""Errors a user can fix: the CLI prints their message on one line and exits 2."""


class UsageError(Exception):
    """Bad input from the user or the course files: a typo, a missing file, a malformed key."""
