"""The nbgrader course: source notebooks, release, and the whole round trip of `make demo`."""

from __future__ import annotations

import json

import pytest

from autograder.nbgrader import grade_ids
from tests.conftest import ROOT
from tools import build_course, demo

pytestmark = pytest.mark.xdist_group("course")
EXPECTED = json.loads((demo.DEMO / "expected.json").read_text(encoding="utf-8"))


def test_every_solution_becomes_an_answer_cell():
    for path in sorted((ROOT / "solutions").glob("*.py")):
        source = build_course.solution_source(path.stem)
        assert source.startswith("def ")
        assert "### BEGIN SOLUTION" in source and "### END SOLUTION" in source


@pytest.mark.parametrize("name", build_course.assignments())
def test_source_notebook_has_answer_and_grade_cells(name):
    nb = build_course.source_notebook(build_course.TEMPLATES / f"{name}.py")
    meta = [c.metadata.get("nbgrader", {}) for c in nb.cells]
    answers = [m["grade_id"] for m in meta if m.get("solution")]
    grades = [m["grade_id"] for m in meta if m.get("grade")]
    assert answers and grades
    assert all(grade_ids.parse(g) and grade_ids.parse(g).group for g in grades), grades
    assert len(set(m["grade_id"] for m in meta if m)) == len([m for m in meta if m])
    for answer in answers:
        parsed = grade_ids.parse(answer)
        assert parsed.part == grade_ids.Part.ANSWER
        assert {grade_ids.grade_id(parsed.exercise, p) for p in grade_ids.GROUPS} <= set(grades)


@pytest.fixture(scope="module")
def graded_course(tmp_path_factory):
    course = tmp_path_factory.mktemp("course")
    assignments = build_course.assignments()
    demo.prepare(course, assignments)
    scores = demo.grade(course, assignments, progress=False)
    return course, scores


def test_release_has_no_solution_and_no_hidden_test(graded_course):
    course, _ = graded_course
    for release in (course / "release").glob("*/*.ipynb"):
        text = release.read_text(encoding="utf-8")
        assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
        assert '"hidden"' not in text
        assert "raise NotImplementedError()" in text


def test_autograde_gives_the_expected_points(graded_course):
    _, scores = graded_course
    for assignment, by_student in EXPECTED.items():
        for student, cells in by_student.items():
            got = scores[assignment][student]
            assert {c: got.get(c) for c in cells} == cells, f"{assignment} / {student}"


def test_a_correct_answer_that_makes_keras_warn_gets_full_marks(graded_course):
    # student_sigmoid's QA model passes Embedding(input_length=...): Keras 3 warns on stderr.
    _, scores = graded_course
    assert "input_length" in (demo.DEMO / "student_sigmoid" / "qa_model.py").read_text()
    got = scores["functional_api_1"]["student_sigmoid"]
    assert got["qa_model_structure"] == 1 and got["qa_model_behaviour"] == 2


def test_feedback_shows_messages_but_no_hidden_test_code(graded_course):
    course, _ = graded_course
    feedback = sorted((course / "feedback").glob("*/*/*.html"))
    expected = sum(len(by_student) for by_student in EXPECTED.values())
    assert len(feedback) == expected
    for path in feedback:
        text = path.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text
        assert "check(&quot;functional_mlp&quot;, &quot;hidden&quot;)" not in text
        assert 'check("functional_mlp", "hidden")' not in text
    swapped = (course / "feedback" / "student_swapped" / "functional_api_1").glob("*.html")
    text = next(swapped).read_text(encoding="utf-8")
    assert "FAILED wiring" in text and "Expected:" in text


def test_untouched_release_is_reported_as_not_attempted(graded_course):
    course, _ = graded_course
    html = next((course / "feedback" / "untouched").glob("*/*.html")).read_text(encoding="utf-8")
    assert "Not attempted yet" in html
