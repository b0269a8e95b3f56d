"""The sandbox: learner code runs in a child process that can compute but cannot cheat.

- :mod:`~grader.sandbox.parent`: the grader's side of a run, and what its messages mean;
- :mod:`~grader.sandbox.zygotes`: the grader's handle on its zygotes (start, fall back, stop);
- :mod:`~grader.sandbox.zygote`: the warm process that forks the children;
- :mod:`~grader.sandbox.child`: one run inside a fork — learner files, probes, alarms;
- :mod:`~grader.sandbox.confine`: what a child can see and do (bubblewrap, namespaces, limits);
- :mod:`~grader.sandbox.codec`: the plain data that alone crosses back.
"""
from grader.sandbox.child import seed
from grader.sandbox.codec import MAX_RESULT_BYTES, NotPlainData, dump_plain, load_plain, to_plain
from grader.sandbox.parent import Job, Outcome, Run, run
from grader.sandbox.zygotes import kill_all, start

__all__ = ["Job", "Outcome", "Run", "run", "start", "kill_all", "seed", "to_plain", "dump_plain", "load_plain",
           "NotPlainData", "MAX_RESULT_BYTES"]
