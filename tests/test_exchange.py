"""A semester's loop through nbgrader's exchange, on one machine.

The instructor imports a roster and releases `functional_api_1`; three
students fetch it, answer (alice right, bob wrong, carol right but after the
due date) and submit; the instructor collects, grades with `python -m
autograder grade`, makes and releases feedback; each student fetches it and
reads the messages. Students are told apart the way nbgrader names a hub user
(`--student`), each working in a home folder of their own with the course's
student-side config, as on a JupyterHub.
"""

from __future__ import annotations

import csv
import datetime
import os
import pathlib
import subprocess
import sys

import nbformat
import pytest

from autograder.nbgrader import COURSE_ID
from autograder.nbgrader.report import gradebook_scores
from tools import demo

pytestmark = pytest.mark.xdist_group("exchange")

ASSIGNMENT = "functional_api_1"
ROSTER = [
    {"id": "alice", "first_name": "Alice", "last_name": "Ng", "email": "alice@example.org"},
    {"id": "bob", "first_name": "Bob", "last_name": "Otieno", "email": "bob@example.org"},
    {"id": "carol", "first_name": "Carol", "last_name": "Lind", "email": "carol@example.org"},
]
# Whose answers each student hands in (tools/demo.py's demo students).
ANSWERS = {"alice": "reference", "bob": "student_sigmoid", "carol": "reference"}


def nbgrader(where: pathlib.Path, *args: str) -> str:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args],
        cwd=where,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert proc.returncode == 0, f"nbgrader {' '.join(args)}:\n{proc.stdout}\n{proc.stderr}"
    return proc.stdout + proc.stderr


def student_submits(home: pathlib.Path, student: str) -> None:
    nbgrader(home, "fetch_assignment", ASSIGNMENT)
    path = home / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    nb = demo.answer(nbformat.read(path, as_version=4), ANSWERS[student])
    nbformat.write(nb, path)
    nbgrader(home, "submit", ASSIGNMENT, f"--student={student}")


@pytest.fixture(scope="module")
def semester(tmp_path_factory, prepared_courses):
    """The whole loop; returns the folders and the grading command's output."""
    import time

    start = time.monotonic()
    top = tmp_path_factory.mktemp("semester")
    exchange, course = top / "exchange", top / "instructor" / "course"
    exchange.mkdir(mode=0o777)
    os.chmod(exchange, 0o1777)  # nbgrader's exchange: world-writable, sticky
    prepared_courses.copy([ASSIGNMENT], course)
    with open(course / "nbgrader_config.py", "a", encoding="utf-8") as f:
        f.write(
            f'\nc.Exchange.root = "{exchange}"\n'
            '# A late submission scores 0 (nbgrader\'s "zero" penalty).\n'
            'c.LateSubmissionPlugin.penalty_method = "zero"\n'
        )
    with open(top / "roster.csv", "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=list(ROSTER[0]))
        writer.writeheader()
        writer.writerows(ROSTER)
    nbgrader(course, "db", "student", "import", str(top / "roster.csv"))
    nbgrader(course, "release_assignment", ASSIGNMENT)

    homes = {}
    for student in ANSWERS:
        home = top / "home" / student
        home.mkdir(parents=True)
        # A student's side: the course, the exchange, and a submission cache of
        # their own (nbgrader keeps it in the home folder of each hub user).
        (home / "nbgrader_config.py").write_text(
            f'c = get_config()\nc.CourseDirectory.course_id = "{COURSE_ID}"\n'
            f'c.Exchange.root = "{exchange}"\nc.Exchange.cache = "{home / ".nbgrader_cache"}"\n',
            encoding="utf-8",
        )
        homes[student] = home
    student_submits(homes["alice"], "alice")
    student_submits(homes["bob"], "bob")
    due = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M:%S.%f UTC")
    nbgrader(course, "db", "assignment", "add", ASSIGNMENT, f"--duedate={due}")
    student_submits(homes["carol"], "carol")  # after the due date

    nbgrader(course, "collect", ASSIGNMENT)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    graded = subprocess.run(
        [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--course", str(course)],
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )
    assert graded.returncode == 0, graded.stdout + graded.stderr
    nbgrader(course, "generate_feedback", ASSIGNMENT)
    nbgrader(course, "release_feedback", ASSIGNMENT)
    for student, home in homes.items():
        nbgrader(home, "fetch_feedback", ASSIGNMENT, f"--student={student}")
    nbgrader(course, "export", "--to", "grades.csv")
    print(f"exchange round trip: {time.monotonic() - start:.1f} s")
    return course, homes, graded.stdout


def _feedback(home: pathlib.Path) -> str:
    pages = sorted((home / ASSIGNMENT / "feedback").glob(f"*/{ASSIGNMENT}.html"))
    assert len(pages) == 1, f"one feedback page expected, found {len(pages)}"
    return pages[0].read_text(encoding="utf-8")


def test_collect_brings_every_submission(semester):
    course, _, _ = semester
    for student in ANSWERS:
        assert (course / "submitted" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb").is_file()
        assert (course / "submitted" / student / ASSIGNMENT / "timestamp.txt").is_file()


def test_grades_follow_the_answers_and_the_due_date(semester):
    course, _, _ = semester
    scores = gradebook_scores(course, ASSIGNMENT)
    points = {s: sum(p for p, _ in cells.values()) for s, cells in scores.items()}
    top = sum(m for _, m in scores["alice"].values())
    assert points["alice"] == top
    assert 0 < points["bob"] < top, "the wrong output activation loses some points, not all"
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        rows = {r["student_id"]: r for r in csv.DictReader(f)}
    assert set(rows) == set(ANSWERS)
    for person in ROSTER:  # the roster's names and e-mail reach the export
        row = rows[person["id"]]
        assert (row["first_name"], row["last_name"], row["email"]) == (
            person["first_name"],
            person["last_name"],
            person["email"],
        )
    assert float(rows["alice"]["score"]) == top and float(rows["alice"]["max_score"]) == top
    assert float(rows["alice"]["late_submission_penalty"]) == 0
    # carol's answers are alice's, handed in late: full raw score, all of it taken away.
    assert float(rows["carol"]["raw_score"]) == top
    assert float(rows["carol"]["late_submission_penalty"]) == top
    assert float(rows["carol"]["score"]) == 0


def test_students_read_their_own_feedback(semester):
    _, homes, _ = semester
    alice, bob = _feedback(homes["alice"]), _feedback(homes["bob"])
    assert "softmax" in bob and "sigmoid" in bob, "bob's page names his mistake"
    assert "Expected" in bob and "Received" in bob
    assert "Expected:" not in alice, "alice's checks all pass"
    for page in (alice, bob):
        assert "BEGIN HIDDEN TESTS" not in page and 'check("functional_mlp", "hidden")' not in page
