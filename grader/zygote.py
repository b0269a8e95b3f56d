"""Imported once by the sandbox's fork server, so that every forked child starts warm.

torch costs a second or more to import; the checks import the course helpers. Forks of
a process that has imported both start in milliseconds. Nothing here may touch CUDA:
a CUDA context does not survive a fork, and children that need one make their own.
"""
import numpy  # noqa: F401
import torch  # noqa: F401

from grader.check import load_checks

load_checks()
