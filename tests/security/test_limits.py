"""The sandbox's limits hold: time, memory, crashes, output, files, network, processes."""
import os
import subprocess

import pytest

from tests.engine.test_sandbox import answer, verdict

def test_endless_loop_times_out_and_the_next_check_still_runs(grade_toy):
    """The alarm stops the loop where it is; the function is not called again in this exercise."""
    report = grade_toy({"arith.py": "def add(a, b):\n    while True:\n        pass\n\ndef scale(x, k):\n    return x * k\n"},
                       timeout=1.5)
    ex = report.exercise("basics.add")
    assert ex.check("adds").status == "error"
    assert ex.check("adds").feedback[0] == \
        "timed out after 1.5 s in `add` (arith.py, line 2): an endless loop, or too slow?"
    assert 'File "arith.py", line 2, in add' in ex.check("adds").feedback[1]
    assert ex.check("scales").status == "passed"
    assert ex.check("adds_broadcast").feedback == \
        ["not run again: `add` timed out in an earlier check of this exercise"]
    assert ex.duration_s < 3        # one timeout, not two


def test_a_loop_in_a_method_names_it_and_skips_its_caller(grade_toy):
    report = grade_toy(answer("return Loop().forever()", "class Loop:\n    def forever(self):\n        while True:\n            pass\n"),
                       timeout=1.5)
    ex = report.exercise("basics.answer")
    assert ex.check("answers").feedback[0] == \
        "timed out after 1.5 s in `Loop.forever` (answer.py, line 3): an endless loop, or too slow?"
    assert ex.check("answers_twice").feedback == \
        ["not run again: `answer` timed out in an earlier check of this exercise"]


def test_code_that_blocks_the_alarm_is_killed(grade_toy):
    attack = answer("""
        import signal
        signal.signal(signal.SIGALRM, signal.SIG_IGN)
        while True:
            pass
    """)
    report = grade_toy(attack, timeout=1.5)
    ex = report.exercise("basics.answer")
    for name in ("answers", "answers_twice"):         # killed 2 s after its 1.5 s alarm: 3.5 s in all
        assert ex.check(name).feedback[0].startswith("did not stop at its time limit; killed after 3.")
        assert "while running this check" in ex.check(name).feedback[0]

def test_segfault_is_a_crash(grade_toy):
    r = verdict(grade_toy(answer("import ctypes\nreturn ctypes.string_at(0)")))
    assert r.status == "error"
    assert "segmentation fault" in r.feedback[0]

def test_out_of_memory_is_reported(grade_toy):
    r = verdict(grade_toy(answer("import torch\nreturn torch.empty(1 << 40, dtype=torch.uint8)")))
    assert r.status == "error"
    assert "memory" in r.feedback[0]

def test_output_is_captured_and_capped(grade_toy):
    report = grade_toy(answer("print('hello from answer')\nreturn 41"))
    ex = report.exercise("basics.answer")
    assert ex.points == 0 and "hello from answer" in ex.output
    flood = verdict(grade_toy(answer("import sys\nwhile True:\n    sys.stdout.write('x' * 65536)")))
    assert flood.feedback[0] == "your code printed or wrote more than 64 MB; the sandbox stops it there"

def test_no_network_and_read_only_files(grade_toy, tmp_path):
    source = answer("""
        import socket, pathlib
        try:
            socket.create_connection(("127.0.0.1", 9), timeout=1)
            net = "open"
        except OSError as e:
            net = "blocked"
        try:
            pathlib.Path(__file__).write_text("changed")
            fs = "writable"
        except OSError:
            fs = "read-only"
        pathlib.Path("scratch.txt").write_text("the working folder is writable")
        return f"{net} {fs}"
    """)
    r = verdict(grade_toy(source))
    assert r.feedback[0] == "answer(): expected int 42, got the string 'blocked read-only'"



def test_a_process_left_behind_dies_with_the_sandbox(grade_toy):
    attack = answer("""
        import subprocess
        subprocess.Popen(["sleep", "314159"], start_new_session=True)
        return 41
    """)
    assert verdict(grade_toy(attack)).points == 0
    leftovers = subprocess.run(["pgrep", "-f", "sleep 314159"], capture_output=True, text=True).stdout
    assert leftovers == ""



def test_fork_bomb_is_contained(grade_toy):
    if os.getuid() != 0:
        pytest.skip("the pids cgroup is only open to root; a fork bomb then ends at the timeout")
    attack = answer("""
        import os, time
        count = 0
        while count < 1000:
            try:
                if os.fork() == 0:
                    time.sleep(30)
                    os._exit(0)
                count += 1
            except OSError:
                break
        return count
    """)
    r = verdict(grade_toy(attack, timeout=10))
    got = int(r.feedback[0].split("got ")[1].split(",")[0])
    assert got < 64



def test_the_working_folder_is_private_and_removed(grade_toy):
    """The learner's folder is on the fork's own tmpfs: gone with it, never in the grader's file system."""
    attack = answer("""
        import os, pathlib
        pathlib.Path("notes.txt").write_text("scratch")
        return os.getcwd()
    """)
    r = verdict(grade_toy(attack))
    workdir = r.feedback[0].split("'")[1]
    assert workdir == "/sandbox/work" and not os.path.exists(workdir)


def test_open_files_are_limited(grade_toy):
    attack = answer("""
        files = []
        try:
            while len(files) < 10000:
                files.append(open("/dev/null"))
        except OSError:
            pass
        return len(files)
    """)
    got = int(verdict(grade_toy(attack)).feedback[0].split("got ")[1].split(",")[0])
    assert got < 256


def test_an_enormous_result_is_refused(grade_toy):
    r = verdict(grade_toy(answer("import torch\nreturn torch.zeros(20_000_000)")))
    assert r.status == "error"
    assert r.feedback == ["the result is 76 MB; results are limited to 64 MB"]


def test_a_pickle_with_code_never_runs_in_the_grader(grade_toy, tmp_path):
    """The learner replaces the child's serializer with a pickle that would run a command when loaded."""
    marker = tmp_path / "pwned"
    attack = answer(f"""
        import os, pickle, grader.sandbox.child
        class Exploit:
            def __reduce__(self):
                return (os.system, ("touch {marker}",))
        grader.sandbox.child.dump_plain = lambda data: pickle.dumps(Exploit())
        return 42
    """)
    r = verdict(grade_toy(attack), check="answers_twice")     # the check after the patch
    assert r.status == "error" and r.feedback[0].startswith("the result is not plain data")
    assert not marker.exists()
