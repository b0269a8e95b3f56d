"""`coursekit canvas`: a gradebook as Canvas imports it, through a roster; nobody dropped without a word."""
from click.testing import CliRunner

from grader.cli import main
from tests.conftest import TOY

GRADEBOOK = """\
learner,points,max_points,percent,basics.add,basics.answer,status,error,graded_at,coursekit,fingerprint
alice,6.0,6.0,100.0,4.0,2.0,graded,,2026-01-01T00:00:00Z,0.1,aa
bob,4.5,6.0,75.0,4.0,0.5,graded,,2026-01-01T00:00:00Z,0.1,bb
carol,0.0,6.0,0.0,0.0,0.0,error,carol.zip: not a readable zip,2026-01-01T00:00:00Z,0.1,cc
zed,3.0,6.0,50.0,3.0,0.0,graded,,2026-01-01T00:00:00Z,0.1,dd
"""

# Canvas's own gradebook export (byte-order mark, its Points Possible row, the test student) with a
# `learner` column added by the instructor
ROSTER = ("\ufeffStudent,ID,SIS User ID,SIS Login ID,Section,Lecture 1 (777),learner\n"
          "    Points Possible,,,,,10,\n"
          '"Smith, Alice",101,S001,asmith,Mon,,alice\n'
          '"Jones, Bob",102,S002,bjones,Tue,,bob\n'
          '"Lee, Carol",103,S003,clee,Tue,,carol\n'
          '"Kim, Dan",104,S004,dkim,Mon,,dan\n'
          '"Student, Test",105,,,,,\n')


def run(tmp_path, *args, code=0, roster=ROSTER):
    (tmp_path / "grades.csv").write_text(GRADEBOOK)
    (tmp_path / "roster.csv").write_text(roster, encoding="utf-8")
    result = CliRunner().invoke(main, ["--course", str(TOY), "canvas", str(tmp_path / "grades.csv"),
                                       "--roster", str(tmp_path / "roster.csv"), "--out",
                                       str(tmp_path / "canvas.csv"), *args])
    assert result.exit_code == code, result.output
    return result


def test_the_export_is_canvas_import_csv(tmp_path):
    result = run(tmp_path, "--assignment", "Basics (4242)")
    assert (tmp_path / "canvas.csv").read_text() == (
        "Student,ID,SIS User ID,SIS Login ID,Section,Basics (4242)\n"
        "Points Possible,,,,,6\n"
        '"Smith, Alice",101,S001,asmith,Mon,6\n'
        '"Jones, Bob",102,S002,bjones,Tue,4.5\n')
    assert result.output.splitlines() == [
        "not in the roster, left out (1): zed",
        "not graded, left out (1): carol (error: carol.zip: not a readable zip)",
        "in the roster, no graded submission (2): dan (Kim, Dan); Student, Test",
        f"2 learners into {tmp_path / 'canvas.csv'} for 'Basics (4242)'",
    ]


def test_points_possible_rescales(tmp_path):
    run(tmp_path, "--assignment", "Basics", "--points-possible", "100")
    assert (tmp_path / "canvas.csv").read_text() == (
        "Student,ID,SIS User ID,SIS Login ID,Section,Basics\n"
        "Points Possible,,,,,100\n"
        '"Smith, Alice",101,S001,asmith,Mon,100\n'
        '"Jones, Bob",102,S002,bjones,Tue,75\n')


def test_a_minimal_roster_fills_the_other_columns_blank(tmp_path):
    run(tmp_path, "--assignment", "Basics", roster="learner,SIS User ID\nalice,S001\nbob,S002\ncarol,S003\nzed,S009\n")
    assert (tmp_path / "canvas.csv").read_text() == (
        "Student,ID,SIS User ID,SIS Login ID,Section,Basics\n"
        "Points Possible,,,,,6\n"
        ",,S001,,,6\n"
        ",,S002,,,4.5\n"
        ",,S009,,,3\n")


def test_bad_rosters_are_one_line(tmp_path):
    for roster, why in [
        ("Student,SIS User ID\nAlice,S001\n", "no `learner` column"),
        ("learner,Student\nalice,Alice\n", "no ID, SIS User ID or SIS Login ID column"),
        ("learner,ID\nalice,1\nalice,2\n", "line 3: learner 'alice' is in the roster twice"),
        ("learner,ID,Student\nalice,,Alice\n", "line 2: alice has no ID / SIS User ID / SIS Login ID"),
    ]:
        result = run(tmp_path, "--assignment", "Basics", code=2, roster=roster)
        assert len(result.output.strip().splitlines()) == 1 and why in result.output, result.output
    result = run(tmp_path, "--assignment", "Section", code=2)
    assert "one of Canvas's student columns" in result.output
    (tmp_path / "other.csv").write_text("name,score\na,1\n")
    result = CliRunner().invoke(main, ["canvas", str(tmp_path / "other.csv"), "--roster", str(tmp_path / "roster.csv"),
                                       "--assignment", "Basics", "--out", str(tmp_path / "c.csv")])
    assert result.exit_code == 2 and "not a gradebook written by `coursekit batch`" in result.output
