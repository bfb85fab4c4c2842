"""No silent zero: what the class report and the gradebook must say about every student.

`python -m autograder grade` promises that every student with a submission
folder is in the report (`course/reports/<assignment>.json`) and in
nbgrader's gradebook, and that every point lost has a reason an instructor
can act on. `silent_zeros` checks that promise on a graded course.
"""

from __future__ import annotations

import json
import os
import pathlib

from autograder.nbgrader import grade_ids, gradebook


def covering_reason(reasons: dict, cell: str) -> str:
    """The reason that explains points lost on grade cell `cell` ("" if none does).

    Args:
        reasons: A student's reasons: exercise id, grade cell or `"notebook"` -> text.
        cell: A grade cell name, e.g. `"qa_model_behaviour"`.

    Returns:
        The first non-empty reason for the cell, its exercise or the whole notebook.
    """
    parsed = grade_ids.parse(cell)
    exercise = parsed.exercise if parsed else None
    for key, text in reasons.items():
        if text and key in ("notebook", cell, exercise):
            return text
    return ""


def gradebook_scores(course: str | os.PathLike, assignment: str) -> dict:
    """Points in nbgrader's gradebook: student -> grade cell -> `(score, max_score)`."""
    scores: dict = {}
    with gradebook.open_gradebook(course) as gb:
        for submission in gb.find_assignment(assignment).submissions:
            cells = scores.setdefault(submission.student_id, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    cells[grade.name] = (grade.score, grade.max_score)
    return scores


def silent_zeros(
    course: str | os.PathLike, assignment: str, report: dict | None = None
) -> list[str]:
    """Every way a graded course breaks the promise of no silent zero.

    Args:
        course: The nbgrader course folder, after `python -m autograder grade`.
        assignment: The graded assignment.
        report: The report to hold to it (default: the one `grade` saved in
            `course/reports/<assignment>.json`).

    Returns:
        One sentence per breach (empty when the promise holds): a student
        with a submission folder missing from the report or the gradebook, a
        grade cell without a score or whose report and gradebook points
        differ, points lost without a reason, or a reason that shows a
        traceback or the course's absolute path instead of words.
    """
    course = pathlib.Path(course)
    if report is None:
        saved = course / "reports" / f"{assignment}.json"
        report = json.loads(saved.read_text(encoding="utf-8"))
    book = gradebook_scores(course, assignment)
    breaches = []
    for folder in sorted((course / "submitted").glob(f"*/{assignment}")):
        student = folder.parent.name
        entry = report["students"].get(student)
        if entry is None or student not in book:
            where = "the report" if entry is None else "the gradebook"
            breaches.append(f"{student}: has a submission folder but is not in {where}.")
            continue
        for cell, (score, top) in book[student].items():
            if score is None:
                breaches.append(f"{student}: {cell} has no score in the gradebook.")
                continue
            if entry["points"].get(cell) != score:
                breaches.append(
                    f"{student}: {cell} has {score} points in the gradebook, "
                    f"{entry['points'].get(cell)} in the report."
                )
            reason = covering_reason(entry["reasons"], cell)
            if score < top and not reason:
                breaches.append(
                    f"{student}: lost {top - score:g} point(s) on {cell} without a reason."
                )
            elif "Traceback (most recent call last)" in reason or str(course.resolve()) in reason:
                breaches.append(
                    f"{student}: the reason for {cell} is not in plain words: {reason!r}"
                )
    return breaches
