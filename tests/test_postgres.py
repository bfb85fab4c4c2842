"""The gradebook on a real PostgreSQL server: `grade`, formgrader and export.

A class is graded into SQLite (nbgrader's default), then the same course,
with the one-line change of `CourseDirectory.db_url` in its
`nbgrader_config.py`, into a throwaway PostgreSQL server started by the
test; two `grade` commands for different assignments write to it at the same
time (the case that makes SQLite say "database is locked"). Every grade cell
must agree, as formgrader's API and `nbgrader export` show them.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys

import pytest

from autograder.nbgrader import gradebook
from tests import servers
from tools import demo

pytestmark = pytest.mark.xdist_group("postgres")

CLASS = {
    "functional_api_1": ["reference", "student_sigmoid"],
    "functional_api_3": ["reference", "book_listings"],
}


def _env() -> dict:
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3")
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    return env


def _grade(course, assignment) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "autograder", "grade", assignment, "--course", str(course)],
        env=_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _finish(proc: subprocess.Popen) -> str:
    out, _ = proc.communicate(timeout=1800)
    assert proc.returncode == 0, out
    return out


def _export(course) -> list[dict]:
    demo.nbgrader(course, "export", "--to", "grades.csv")
    with open(course / "grades.csv", newline="", encoding="utf-8") as f:
        return sorted(csv.DictReader(f), key=lambda r: (r["assignment"], r["student_id"]))


@pytest.fixture(scope="module")
def courses(tmp_path_factory, prepared_courses):
    """The class graded into SQLite, then into PostgreSQL by two concurrent `grade` runs."""
    lite = prepared_courses.copy(list(CLASS), tmp_path_factory.mktemp("sqlite") / "course")
    for assignment, students in CLASS.items():
        for student in students:
            demo.submit(lite, assignment, student)
        _finish(_grade(lite, assignment))
    with servers.postgres() as url:
        pg = prepared_courses.copy(list(CLASS), tmp_path_factory.mktemp("postgres") / "course")
        # The one-line change; the assignments are then released again, into the server.
        (pg / "gradebook.db").unlink()
        with open(pg / "nbgrader_config.py", "a", encoding="utf-8") as f:
            f.write(f'\nc.CourseDirectory.db_url = "{url}"\n')
        for assignment in CLASS:
            demo.nbgrader(pg, "generate_assignment", assignment, "--force")
        shutil.copytree(lite / "submitted", pg / "submitted")
        # The verdicts judged for SQLite are reused: this test is about where they go.
        shutil.copytree(lite / ".autograder-cache", pg / ".autograder-cache")
        runs = [_grade(pg, a) for a in CLASS]  # at the same time
        outputs = [_finish(p) for p in runs]
        yield lite, pg, url, outputs


def test_the_course_config_moves_the_gradebook_to_the_server(courses):
    lite, pg, url, outputs = courses
    assert gradebook.db_url(pg) == url
    assert gradebook.db_url(lite).startswith("sqlite:///")
    assert not (pg / "gradebook.db").exists(), "nothing may fall back to SQLite"
    for out in outputs:
        assert "gradebook: postgresql://grader@127.0.0.1:" in out


def test_every_grade_is_the_same_as_with_sqlite(courses):
    lite, pg, _, _ = courses
    for assignment in CLASS:
        from autograder.nbgrader.report import gradebook_scores

        want = gradebook_scores(lite, assignment)
        got = gradebook_scores(pg, assignment)
        assert set(want) == set(CLASS[assignment])
        assert got == want, f"{assignment}: PostgreSQL {got} != SQLite {want}"
    # Not everyone gets full marks: the comparison covers lost points too.
    scores = gradebook_scores(lite, "functional_api_1")
    assert any(s < m for cells in scores.values() for s, m in cells.values())


def test_export_gives_the_same_csv(courses):
    lite, pg, _, _ = courses
    want, got = _export(lite), _export(pg)
    students = {s for who in CLASS.values() for s in who}
    assert len(want) == len(students) * len(CLASS)  # a row for everyone, submitted or not
    assert got == want


def test_formgrader_reads_the_server(courses):
    lite, pg, _, _ = courses
    from autograder.nbgrader.report import gradebook_scores

    with servers.jupyter_server(pg, env=_env()) as get:
        for assignment in CLASS:
            rows = get(f"/formgrader/api/submissions/{assignment}")
            shown = {r["student"]: r["score"] for r in rows if r["submitted"]}
            want = {
                student: sum(s for s, _ in cells.values())
                for student, cells in gradebook_scores(lite, assignment).items()
            }
            assert shown == pytest.approx(want), assignment
