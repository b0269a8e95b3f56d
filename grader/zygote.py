"""Imported once by the sandbox's fork server, so that every forked child starts warm.

torch costs a second or more to import; the checks import the course helpers; and some
helpers memoise work on the datasets (the names' n-gram counts, Shakespeare encoded) that
every exercise of a lecture would otherwise redo in its fresh fork. All three happen here,
once. Nothing here may touch CUDA (a CUDA context does not survive a fork) or start a
thread pool: forks of a process with running threads are not safe.
"""
import sys

import numpy  # noqa: F401
import torch

import grader.cli  # noqa: F401  (each fork re-runs the `coursekit` script as multiprocessing's main)

from grader import data
from grader.check import load_checks
from grader.course import load

torch.set_num_threads(1)          # no intra-op pool before the forks; children set their own


def warm() -> None:
    """Call each check module's ``warm()`` with the datasets already on disk (never a download)."""
    course = load()
    load_checks(course.checks, course.root)
    for name, ds in data.manifest(course.manifest).items():
        try:
            data._located[name] = str(data.locate(ds, download=False))
        except Exception:          # not on disk, or corrupt: the fork locates or reports it
            pass
    for module in list(sys.modules.values()):
        if getattr(module, "__name__", "").startswith(course.checks + ".") and callable(getattr(module, "warm", None)):
            try:
                module.warm()
            except Exception:      # a helper that cannot warm up computes in the fork instead
                pass
    data._located.clear()         # each child gets exactly the datasets its exercise declares


# Anything but an ImportError raised here would stop the fork server, and all grading with it;
# a failure only means colder forks, and the child reports any real problem with the checks.
try:
    load_checks()
    warm()
except Exception:
    data._located.clear()
