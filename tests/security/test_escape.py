"""Attacks on confinement: the learner's child reaches what it must never see (issue 15, classes 1 and 2).

Each attack searches the way a real one would: through other processes' /proc entries, a .git
found by walking up from the grader's package, the folders beside its own submission. The
paths it looks for are the ones this checkout really has (computed from the course object),
the layout a learner knows from the public repository. Every one must score 0, and the
grader must keep grading correct code correctly afterwards.
"""
import json
import uuid
from pathlib import Path

from click.testing import CliRunner

from tests.conftest import ROOT, TOY, grade
from tests.engine.test_sandbox import answer, verdict

SOLUTION = TOY / "solutions" / "basics" / "answer.py"


def cli(*args):
    from grader.cli import main
    return CliRunner().invoke(main, ["--course", str(TOY), *args])


def test_solutions_through_other_processes_proc_root(grade_toy):
    """As root the child keeps the host's procfs: /proc/<pid>/root is the grader's unmasked file system."""
    attack = answer(f"""
        import os, runpy
        for pid in sorted(os.listdir("/proc")):
            if not pid.isdigit() or int(pid) == os.getpid():
                continue
            for path in (f"/proc/{{pid}}/root{str(SOLUTION)}", f"/proc/{{pid}}/cwd/{SOLUTION.relative_to(ROOT)}",
                         f"/proc/{{pid}}/cwd/{SOLUTION.relative_to(TOY)}"):
                try:
                    return runpy.run_path(path)["answer"]()
                except Exception:
                    pass
        return 41
    """)
    report = grade_toy(attack)
    assert report.exercise("basics.answer").points == 0
    assert verdict(report).status != "passed"


def test_grader_memory_through_proc_mem(grade_toy):
    """The grader (this very process) holds a secret; the child scans other processes' memory for it."""
    secret = "ckc-" + uuid.uuid4().hex            # only in this process's memory, never written anywhere
    attack = answer("""
        import os, re, time
        found, start = None, time.monotonic()
        for pid in os.listdir("/proc"):
            if found or not pid.isdigit() or int(pid) == os.getpid():
                continue
            try:
                maps = open(f"/proc/{pid}/maps").read().splitlines()
                mem = os.open(f"/proc/{pid}/mem", os.O_RDONLY)
            except OSError:
                continue
            for line in maps:
                fields = line.split()
                if time.monotonic() - start > 6 or not fields[1].startswith("rw") or len(fields) > 5 \\
                        and not fields[5].startswith("[heap"):
                    continue
                lo, hi = (int(x, 16) for x in fields[0].split("-"))
                for at in range(lo, hi, 1 << 24):
                    try:
                        chunk = os.pread(mem, min(1 << 24, hi - at) + 64, at)
                    except OSError:
                        break
                    m = re.search(rb"ckc-[0-9a-f]{32}", chunk)
                    if m:
                        found = m.group().decode()
                        break
                if found:
                    break
            os.close(mem)
        print("FOUND", found)
        return found or 41
    """)
    report = grade_toy(attack, timeout=10)
    from grader.report import to_json
    assert secret not in to_json(report)
    assert report.exercise("basics.answer").points == 0


def test_poisoning_the_reference_cache_through_proc(grade_toy, monkeypatch, tmp_path):
    """The child overwrites the cached references (found through another process's root) with its wrong
    answer; a later run of the same attack must still score 0 and the reference must still get 100%."""
    cache = tmp_path / "cache"
    monkeypatch.setenv("COURSEKIT_CACHE", str(cache))
    assert grade_toy({}).percent == 100.0            # the references are cached now
    attack = answer(f"""
        import glob, io, os, torch
        buffer = io.BytesIO()
        torch.save({{"value": 41}}, buffer)
        homes = [{str(cache)!r}, os.environ.get("COURSEKIT_CACHE", ""), "/root/.cache/coursekit"]
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            for home in homes:
                for path in glob.glob(f"/proc/{{pid}}/root{{home}}/references/*.pt"):
                    if {str(cache)!r} not in path:
                        continue              # this test's private cache only: never the session's
                    try:
                        with open(path, "wb") as f:
                            f.write(buffer.getvalue())
                    except OSError:
                        pass
        return 41
    """)
    assert grade_toy(attack).exercise("basics.answer").points == 0
    assert grade_toy(attack).exercise("basics.answer").points == 0     # a poisoned cache would say 41
    assert grade_toy({}).percent == 100.0


def test_solutions_from_the_checkouts_git_history(grade_toy):
    """solutions/ is masked, but the .git beside it is not: `git show HEAD:<path>` gives the reference."""
    rel = SOLUTION.relative_to(ROOT).as_posix()
    attack = answer(f"""
        import os, subprocess, grader
        here = os.path.dirname(os.path.abspath(grader.__file__))
        while here != "/":
            if os.path.exists(os.path.join(here, ".git")):
                try:
                    text = subprocess.run(["git", "-c", "safe.directory=*", "-C", here, "show", "HEAD:{rel}"],
                                          capture_output=True, text=True, timeout=5).stdout
                except Exception:
                    text = ""
                if "def answer" in text:
                    namespace = {{}}
                    exec(text, namespace)
                    return namespace["answer"]()
            here = os.path.dirname(here)
        return 41
    """)
    assert grade_toy(attack).exercise("basics.answer").points == 0


def _learner(folder: Path, answer_source: str) -> None:
    (folder / "basics").mkdir(parents=True)
    (folder / "basics" / "answer.py").write_text(answer_source)


def test_batch_learner_reads_another_learners_folder(tmp_path):
    subs = tmp_path / "subs"
    _learner(subs / "alice", SOLUTION.read_text())
    _learner(subs / "mallory", f"""
import os, runpy
from pathlib import Path


def answer():
    for top in {{Path(__file__).resolve().parents[2], Path({str(subs)!r})}}:
        try:
            names = sorted(os.listdir(top))
        except OSError:
            continue
        for name in names:
            if name != "mallory":
                try:
                    return runpy.run_path(str(top / name / "basics" / "answer.py"))["answer"]()
                except Exception:
                    pass
    return 41
""")
    result = cli("batch", str(subs), "basics.answer", "--out", str(tmp_path / "grades.csv"))
    assert result.exit_code == 0, result.output
    alice = json.loads((tmp_path / "reports" / "alice.json").read_text())
    mallory = json.loads((tmp_path / "reports" / "mallory.json").read_text())
    assert alice["percent"] == 100.0
    assert mallory["points"] == 0


def test_a_lecture_folder_symlinked_to_the_solutions_is_not_graded_as_them(toy, tmp_path):
    """`grade --submission sub` where sub/basics -> solutions/basics: one line of refusal, or 0 points."""
    sub = tmp_path / "sub"
    sub.mkdir()
    (sub / "basics").symlink_to(toy.solutions / "basics", target_is_directory=True)
    result = cli("grade", "basics", "--submission", str(sub), "--format", "json")
    if result.exit_code == 2:
        assert result.stderr.startswith("coursekit: ") and result.stderr.count("\n") == 1
    else:
        assert json.loads(result.stdout)["points"] == 0
    # and in a batch: that learner's row scores 0, the others are graded
    subs = tmp_path / "subs"
    _learner(subs / "alice", SOLUTION.read_text())
    (subs / "mallory").mkdir()
    (subs / "mallory" / "basics").symlink_to(toy.solutions / "basics", target_is_directory=True)
    result = cli("batch", str(subs), "basics.answer", "--out", str(tmp_path / "grades.csv"))
    assert (tmp_path / "grades.csv").is_file(), result.output
    rows = {line.split(",")[0]: line.split(",") for line in (tmp_path / "grades.csv").read_text().splitlines()}
    assert float(rows["alice"][3]) == 100.0
    assert rows["mallory"][1] in ("", "0", "0.0")


WALK = r'''
import os, sys, site, sysconfig, tempfile, importlib.util
from pathlib import Path


def allowed_roots():
    roots = {sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix,
             *site.getsitepackages(), site.getusersitepackages(),
             *(sysconfig.get_paths()[k] for k in ("stdlib", "platstdlib", "purelib", "platlib")),
             "/usr", "/lib", "/lib32", "/lib64", "/libx32", "/bin", "/sbin", "/etc", "/sys",
             "/coursekit-data",                   # the course's public datasets, read-only
             os.path.dirname(os.path.abspath(__file__)), os.getcwd(), tempfile.gettempdir(),
             os.environ.get("HOME", os.getcwd())}
    roots |= {"/dev/" + d for d in ("null", "zero", "full", "random", "urandom", "tty", "pts", "ptmx", "shm",
                                    "fd", "stdin", "stdout", "stderr", "core", "mqueue")}
    for package in ("grader", CHECKS):          # the grader's public code and the course's public checks
        spec = importlib.util.find_spec(package)
        roots |= set(spec.submodule_search_locations or ()) if spec else set()
    return {os.path.realpath(r) for r in roots if r} | {r for r in roots if r}


def own_pids():
    """This process, its ancestors and its descendants, as this /proc numbers them."""
    parent = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                parent[int(p)] = int(open(f"/proc/{p}/stat").read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                pass
    mine, p = set(), os.getpid()
    while p in parent and p not in mine:
        mine.add(p)
        p = parent[p]
    grew = True
    while grew:
        grew = False
        for child, up in parent.items():
            if up in mine and child not in mine and up != 0:
                mine.add(child)
                grew = True
    return {str(p) for p in mine}


def walk():
    roots = allowed_roots()
    pids = own_pids()
    seen = []

    def secret_inside_allowed(path):
        # hidden checks (and their bytecode) live inside the checks package: only hidden/__init__.py may show
        return "/hidden/" in path + "/" and not path.endswith("/hidden") and not path.endswith("/hidden/__init__.py")

    def visit(folder):
        try:
            entries = sorted(os.listdir(folder))
        except OSError:
            return
        for name in entries:
            path = os.path.join(folder, name)
            if folder == "/proc":
                if name.isdigit() and name not in pids:
                    seen.append(path)
                continue                          # /proc's own files and this process's entries: fine
            if path in roots or any(path.startswith(r.rstrip("/") + "/") for r in roots):
                continue                          # allowed, and everything below it
            if any(r.startswith(path + "/") for r in roots) and os.path.isdir(path):
                visit(path)                       # an ancestor of something allowed: look inside
            else:
                seen.append(path)
            if len(seen) > 500:
                return

    visit("/")
    for package in (CHECKS, "grader.checks"):
        spec = importlib.util.find_spec(package)
        for top in (spec.submodule_search_locations or ()) if spec else ():
            for dirpath, dirs, files in os.walk(top):
                seen += [os.path.join(dirpath, f) for f in files
                         if secret_inside_allowed(os.path.join(dirpath, f))]
    return seen


def answer():
    seen = walk()
    for path in sorted(seen, key=lambda p: (p.startswith("/dev/"), p))[:25]:     # the telling ones first
        print("VISIBLE", path)
    print(f"WALK-DONE visible={len(seen)}")
    return 41
'''


def test_the_child_sees_only_the_allow_list(toy, tmp_path):
    """Learner code walks / and /proc; beyond the runtime, the grader's public code, its own files, its
    tmp and its own processes, nothing may exist for it: no solutions, cache, checkout, .git, other pids."""
    source = WALK.replace("CHECKS", repr(toy.checks))
    sub = tmp_path / "sub"
    _learner(sub, source)
    report = grade(toy, ["basics.answer"], sub)
    output = report.exercise("basics.answer").output
    assert "WALK-DONE" in output, output[-500:]
    assert "WALK-DONE visible=0" in output, output[-1500:]
