"""What a run shows while it goes: live on a terminal, -q and -v lines, nothing in pipes, NO_COLOR."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from grader.cli import main
from tests.conftest import TOY

SLOW = 'import time\n\ndef answer():\n    print("thinking hard")\n    time.sleep(1.5)\n    return 42\n'


@pytest.fixture
def slow(tmp_path) -> Path:
    """The toy solutions, with an answer() that prints and then takes 1.5 s (3 s for answers_twice)."""
    shutil.copytree(TOY / "solutions" / "basics", tmp_path / "sub" / "basics")
    (tmp_path / "sub" / "basics" / "answer.py").write_text(SLOW)
    return tmp_path / "sub"


def grade(slow, *flags):
    result = CliRunner().invoke(main, ["--course", str(TOY), "grade", "basics", "--submission", str(slow),
                                       "--jobs", "1", *flags])
    assert result.exit_code == 0, result.output
    return result


def on_terminal(slow, tmp_path, **env) -> str:
    """The bytes a terminal receives from `coursekit grade basics` (through script(1), a pseudo-terminal)."""
    if shutil.which("script") is None:
        pytest.skip("script(1) is not installed")
    command = f"{sys.executable} -m grader --course {TOY} grade basics --submission {slow} --jobs 1"
    typescript = tmp_path / "typescript"
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    subprocess.run(["script", "-qec", command, str(typescript)], check=True, timeout=120,
                   env={**environment, "COLUMNS": "100", **env}, stdout=subprocess.DEVNULL)
    return typescript.read_text(errors="replace")


def test_a_terminal_sees_the_running_check_before_it_ends(slow, tmp_path):
    screen = on_terminal(slow, tmp_path)
    report_at = screen.index("Total")
    running = [m.start() for m in re.finditer(r"basics\.answer +answers_twice .*?1 s", screen)]
    assert running and running[0] < report_at          # shown with its elapsed time while it ran
    assert "1 of 2 exercises done" in screen[:report_at]
    assert "\x1b[32m       4 / 4\x1b[0m  basics.add" in screen     # a finished exercise, in colour


def test_no_color_is_honoured(slow, tmp_path):
    screen = on_terminal(slow, tmp_path, NO_COLOR="1")
    assert "1 of 2 exercises done" in screen
    assert not re.search(r"\x1b\[[0-9;]*3[0-9]m", screen)          # no colour, only cursor movement


def test_quiet_is_one_line_per_exercise(slow):
    assert grade(slow, "-q").stderr == "[1/2] basics.add               4 / 4\n[2/2] basics.answer            2 / 2\n"


def test_a_pipe_gets_the_report_only(slow):
    result = grade(slow)
    assert result.stderr == "" and result.stdout.startswith("basics.add  Adding tensors")


def test_verbose_off_a_terminal_streams_checks_output_and_a_heartbeat(slow, monkeypatch):
    from grader import progress

    monkeypatch.setattr(progress, "HEARTBEAT_S", 0.5)
    lines = grade(slow, "-v").stderr.splitlines()
    assert "  basics.answer: answers_twice …" in lines
    assert lines.count("  basics.answer | thinking hard") == 3            # answers once, answers_twice twice
    assert any(re.fullmatch(r"  basics\.answer: answers(_twice)? still running \(\d+ s\)", line) for line in lines)
    assert lines[-1] == "[2/2] basics.answer            2 / 2"


def test_the_terminal_report_prints_the_learners_text_as_written(slow, tmp_path):
    """On a terminal the report is drawn with rich; markup in what the learner's code raised stays text."""
    (slow / "basics" / "answer.py").write_text('def answer():\n    raise ValueError("[bold red]boom[/bold red]")\n')
    screen = on_terminal(slow, tmp_path)
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", screen)
    assert "ValueError: [bold red]boom[/bold red]" in plain
    assert re.search(r"basics\.answer  The answer, however it is computed  0 / 2", plain)
    assert "Total 4 / 6  (66.7%)" in plain


@pytest.mark.slow
def test_a_training_check_shows_its_progress_while_it_trains(tmp_path):
    """`coursekit grade lecture3.E01` on a terminal: the training check's row, with its elapsed time,
    is on screen long before the report."""
    from tests.conftest import ROOT

    if shutil.which("script") is None:
        pytest.skip("script(1) is not installed")
    typescript = tmp_path / "typescript"
    command = f"{sys.executable} -m grader --course {ROOT} grade lecture3.E01 --solutions --jobs 1"
    environment = {k: v for k, v in os.environ.items() if k not in ("CI", "NO_COLOR")}
    subprocess.run(["script", "-qec", command, str(typescript)], check=True, timeout=600,
                   env={**environment, "COLUMNS": "100"}, stdout=subprocess.DEVNULL)
    screen = typescript.read_text(errors="replace")
    report_at = screen.index("Total")
    assert re.search(r"lecture3\.E01 +dev_loss +\x1b\[2m[3-9] s", screen[:report_at])      # seconds into training


def test_a_learners_folder_name_is_shown_as_written():
    """batch labels its rows with folder names, which a learner chooses: never read as rich markup."""
    import io

    from rich.console import Console

    from grader.progress import Live

    out = io.StringIO()
    live = Live(1, console=Console(file=out, force_terminal=True, width=80))
    live.start("[/bold]alice[red]")
    live.console.print(live._table())
    live.step("[/bold]alice[red]", "50.0%", 0.5)
    live.close()
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", out.getvalue())
    assert re.search(r"\[/bold\]alice\[red\] +importing 0 s", plain) and "50.0%  [/bold]alice[red]" in plain
