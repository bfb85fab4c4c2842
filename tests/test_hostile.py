"""A class of hostile and clumsy submissions, graded with `python -m autograder grade`.

Each student's notebook misbehaves in one way, in the `functional_mlp`
answer (or in the notebook file itself); its `qa_model` answer is correct.
Every submission must get a grade and every lost point a reason; the
misbehaviour may cost the affected exercise, never another exercise or
another student.
"""

from __future__ import annotations

import json
import sqlite3

import pytest

from autograder.nbgrader.grade_class import grade_class
from autograder.nbgrader.report import silent_zeros
from tests.hostile_class import ASSIGNMENT, FULL, HOSTILE, points

pytestmark = pytest.mark.xdist_group("hostile")


@pytest.mark.parametrize("student", sorted(HOSTILE))
def test_each_submission_gets_its_grade_and_a_reason(hostile_graded, student):
    _, report = hostile_graded
    assert points(report, student) == HOSTILE[student][1], report["students"][student]
    data = report["students"][student]
    for exercise, got in points(report, student).items():
        if got < FULL[exercise]:
            assert data["reasons"], f"{student} lost points on {exercise} without a reason"


def test_no_student_gets_a_silent_zero(hostile_graded):
    course, _ = hostile_graded
    assert silent_zeros(course, ASSIGNMENT) == []


def test_the_gradebook_holds_every_student_and_was_not_tampered_with(hostile_graded):
    course, report = hostile_graded
    db = sqlite3.connect(course / "gradebook.db")
    assert not db.execute("select count(*) from grade where manual_score = 99").fetchone()[0]
    students = {row[0] for row in db.execute("select id from student")}
    assert set(HOSTILE) <= students


def test_grading_again_changes_nothing(hostile_graded):
    course, report = hostile_graded
    again = grade_class(course, ASSIGNMENT, workers=2, timeout=45, memory_gib=2, progress=False)
    assert {s: d["points"] for s, d in again["students"].items()} == {
        s: d["points"] for s, d in report["students"].items()
    }
    assert again["seconds"]["judge"] < report["seconds"]["judge"]


def test_the_report_is_written_for_the_instructor(hostile_graded):
    course, report = hostile_graded
    saved = json.loads((course / "reports" / f"{ASSIGNMENT}.json").read_text(encoding="utf-8"))
    assert saved["students"].keys() == report["students"].keys()
    assert "zoë_ünïcode" in saved["students"]
