"""What grading produces: plain records the reports format and the tests inspect."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class CheckResult:
    id: str                     # "lecture2.E01.trigram_counts"
    name: str                   # "trigram_counts"
    hidden: bool
    status: str                 # passed | failed | error | skipped
    points: float
    max_points: float
    feedback: list[str] = field(default_factory=list)
    # For the grader's own use, not in the JSON report: what the learner's probe gave instead of
    # data (the sandbox Outcome's error kind: "missing" when the file is not there, "exception", …)
    # and the (file, line) places its feedback names, so that a notebook can point those at its
    # cells and say why a file is missing without reading the feedback's wording; and the seconds
    # its probe took (JUnit's per-test time; the JSON report keeps the exercise's, to stay diffable).
    error: str = ""
    frames: list[tuple[str, int]] = field(default_factory=list)
    duration_s: float = 0.0


INTERNAL = ("error", "frames")          # CheckResult fields left out of Report.to_dict (with its duration_s)


@dataclass
class ExerciseResult:
    id: str                     # "lecture2.E01"
    title: str
    module: str                 # path of the learner's file, relative to the submission
    points: float
    max_points: float
    checks: list[CheckResult]
    duration_s: float = 0.0
    output: str = ""            # the tail of what the learner's code printed

    def check(self, name: str) -> CheckResult:
        """The result of the check called ``name`` (handy in tests)."""
        for c in self.checks:
            if c.name == name:
                return c
        raise KeyError(name)

    @property
    def status(self) -> str:
        statuses = {c.status for c in self.checks}
        for s in ("error", "failed", "passed"):
            if s in statuses:
                return s
        return "skipped"


@dataclass
class Report:
    submission: str
    device: str
    torch: str
    hidden: bool                # were hidden checks run?
    sandbox: str                # "isolated", or why the sandbox could only use a plain process
    exercises: list[ExerciseResult]
    graded_at: str = ""         # when, in UTC (ISO 8601, seconds)
    coursekit: str = ""         # the version of coursekit that graded it

    @property
    def points(self) -> float:
        return round(sum(e.points for e in self.exercises), 6)

    @property
    def max_points(self) -> float:
        return round(sum(e.max_points for e in self.exercises), 6)

    @property
    def percent(self) -> float:
        return 100.0 * self.points / self.max_points if self.max_points else 0.0

    def exercise(self, id: str) -> ExerciseResult:
        for e in self.exercises:
            if e.id == id:
                return e
        raise KeyError(id)

    @classmethod
    def from_dict(cls, body: dict) -> "Report":
        """A report read back from its JSON (``to_dict``'s fields; what JSON does not carry stays empty)."""
        fields = {"submission", "device", "torch", "hidden", "sandbox", "graded_at", "coursekit"}
        exercises = [ExerciseResult(**{**{k: v for k, v in e.items() if k != "checks"},
                                       "checks": [CheckResult(**c) for c in e["checks"]]})
                     for e in body["exercises"]]
        return cls(**{"submission": "", "device": "cpu", "torch": "", "hidden": True, "sandbox": "",
                      **{k: body[k] for k in fields if k in body}}, exercises=exercises)

    def to_dict(self) -> dict:
        body = asdict(self, dict_factory=lambda items: {k: v for k, v in items if k not in INTERNAL})
        for e in body["exercises"]:
            for c in e["checks"]:
                c.pop("duration_s", None)
        return body
