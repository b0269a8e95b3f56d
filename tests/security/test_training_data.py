"""Training on data it must not see (issue 15, class 5): lecture3.E01's child is handed the training
words of a split, and must be able to read no other name: not through ``grader.data``, not by the
dataset's path, not through another process's root. The attack trains nothing; ``train_model``
only looks for names beyond the words it was given and prints what it found.
"""
from pathlib import Path

from tests.conftest import copy_lecture, grade

SNOOP = '''

def train_model(parameters, words, g):
    import glob, os
    given = set(words)
    places = []
    try:
        from grader import data
        places.append(("grader.data.read_text", data.read_text("names")))
    except Exception:
        pass
    try:
        from grader import data
        for name, path in dict(data._located).items():
            places.append(("grader.data._located", open(path).read()))
    except Exception:
        pass
    paths = {DATASET, os.path.join(os.environ.get("COURSEKIT_DATA", "/nonexistent"), "names.txt"),
             os.path.expanduser("~/.cache/coursekit/data/names.txt")}
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            paths.add(f"/proc/{pid}/root{DATASET}")
    for path in sorted(paths):
        try:
            places.append((path, open(path).read()))
        except Exception:
            pass
    for where, text in places:
        extra = set(text.split()) - given
        if extra:
            print(f"LEAK {len(extra)} unseen names via {where}")
            break
    else:
        print("NO-LEAK")
    return parameters
'''


def test_e01_child_reads_only_its_training_split(course, tmp_path, monkeypatch):
    """The sandbox alone holds: the source rule that refuses ``from grader import data`` is switched off."""
    from grader import data, source
    monkeypatch.setattr(source, "grader_reach", lambda folder: [])
    dataset = data.locate(data.manifest(course.manifest)["names"], download=False)
    root = copy_lecture(course, "lecture3", tmp_path)
    path = root / "lecture3" / "tuning.py"
    text = path.read_text()
    cut = text.index("def train_model(")
    path.write_text(text[:cut] + SNOOP.replace("DATASET", repr(str(Path(dataset).resolve()))))
    ex = grade(course, ["lecture3.E01"], root).exercise("lecture3.E01")
    assert "NO-LEAK" in ex.output, ex.output[-600:]
    assert "LEAK " not in ex.output.replace("NO-LEAK", ""), ex.output[-600:]


def test_the_source_rule_refuses_the_attack_before_it_runs(course, tmp_path):
    root = copy_lecture(course, "lecture3", tmp_path)
    path = root / "lecture3" / "tuning.py"
    text = path.read_text()
    path.write_text(text[:text.index("def train_model(")] + SNOOP.replace("DATASET", "'/nonexistent'"))
    ex = grade(course, ["lecture3.E01"], root).exercise("lecture3.E01")
    assert ex.points == 0 and ex.output == ""
    assert ex.checks[0].feedback == ["tuning.py line 52: import of grader is not allowed in a submission (it reaches "
                                     "the grader's own code or the interpreter's machinery without naming what it "
                                     "calls); no check of this exercise was run"]
