"""Notebooks: a lecture as a Jupyter notebook, a notebook as a submission, feedback inside it.

Built on one idea: a notebook is turned into the lecture folder it stands for (one ``.py``
per stub file), and that folder is graded exactly like any other, so the engine, the
sandbox and the judges know nothing of notebooks. One module per concern:

- ``assembly``: a module's text from top-level statements of cells, and where each of its
  lines came from (shared by both ways in below).
- ``building``: ``coursekit notebook lecture2`` writes a notebook from the stubs, one
  tagged code cell per stub file.
- ``reading``: ``coursekit grade lecture2 --submission work.ipynb`` reads the saved cells'
  sources (never outputs) into modules; ``drift`` checks, for ``coursekit validate``, that
  every generated notebook reads back as its stubs.
- ``kernel``: the same modules from a running kernel's history, for ``check()``.
- ``folder``: the folder handed to the engine, and the report pointed back at cells.
- ``feedback``: ``check()``'s result, as HTML in Jupyter and as text elsewhere.
- ``api``: ``check("lecture2.bigram", globals())`` and ``dataset`` inside a notebook.

The names below are the ones the CLI, ``batch``, the generated notebooks' first cell and
the tests use; they stay importable from ``grader.notebook``.
"""
from __future__ import annotations

from grader.notebook.api import check, dataset, find_course
from grader.notebook.assembly import Module, Stmt, assemble, runnable, statements, stub_names
from grader.notebook.building import _files, build, cells_from, split_docstring, stub_texts, write
from grader.notebook.feedback import Feedback
from grader.notebook.folder import Submission
from grader.notebook.kernel import Kernel, kernel_modules
from grader.notebook.reading import Cell, convert, drift, parse, read, submission

__all__ = ["_files",   # the tests list a lecture's stub files in order with it
           "Cell", "Feedback", "Kernel", "Module", "Stmt", "Submission", "assemble", "build", "cells_from", "check",
           "convert", "dataset", "drift", "find_course", "kernel_modules", "parse", "read",
           "runnable", "split_docstring", "statements", "stub_names", "stub_texts", "submission", "write"]
