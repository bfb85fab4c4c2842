"""The nbgrader course: source notebooks, release, and the whole round trip of `make demo`."""

from __future__ import annotations

import html
import json

import nbformat
import pytest

from autograder.nbgrader import grade_ids, start_code
from tests.conftest import ROOT
from tools import build_course, demo

pytestmark = pytest.mark.xdist_group("course")
EXPECTED = json.loads((demo.DEMO / "expected.json").read_text(encoding="utf-8"))
DEBUGGING = "functional_api_6"  # its answer cells start from the source text's wrong code


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
        assert '"hidden"' not in text and f'"{start_code.KEY}"' not in text
        markers = build_course.answer_markers(release.stem)
        nb = nbformat.read(release, as_version=4)
        assert demo.answer_ids(nb) == list(markers), release.stem
        answers = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("solution")]
        for exercise_id, cell in zip(markers, answers, strict=True):
            if markers[exercise_id] == build_course.BUGGY:  # starts from the source's code
                assert cell.source == build_course.start_source(exercise_id)
            else:
                assert cell.source.endswith("raise NotImplementedError()"), exercise_id


def test_autograde_gives_the_expected_points(graded_course):
    _, scores = graded_course
    for assignment, by_student in EXPECTED.items():
        for student, cells in by_student.items():
            got = scores[assignment][student]
            assert {c: got.get(c) for c in cells} == cells, f"{assignment} / {student}"


def test_nbgrader_autograde_alone_gives_the_points_of_grade(graded_course):
    # `make demo` grades with the kit's `grade`; an instructor may run nbgrader's own command
    # with the kit's configuration (README), which judges in its preprocessor, in a kernel.
    course, scores = graded_course
    demo.nbgrader(
        course, "autograde", "functional_api_1", "--student", "student_sigmoid", "--force"
    )
    again = demo.gradebook(course)["functional_api_1"]["student_sigmoid"]
    assert again == scores["functional_api_1"]["student_sigmoid"]


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
    page = _feedback(course, "untouched", "functional_api_1")
    assert "Not attempted yet" in page


#: What the feedback on the untouched debugging release says about each
#: exercise: the source text's erratum that still bites.
ERRATA_NAMED = {
    "qa_model": "the source text's erratum, `Embedding`'s arguments swapped",
    "social_compile": "`'bianry_crossentropy'` is not a Keras loss name: the source text's typo",
    "inception_module": 'maps are the source text\'s erratum: its layers have no `padding="same"`',
    "siamese": "the source text's erratum: `right_input = base_model(right_input)` overwrites",
}


def test_untouched_debugging_release_is_graded_and_names_each_erratum(graded_course):
    course, scores = graded_course
    assert build_course.answer_markers(DEBUGGING) == dict.fromkeys(ERRATA_NAMED, "buggy")
    text = " ".join(html.unescape(_feedback(course, "untouched", DEBUGGING)).split())
    assert "Not attempted" not in text
    for exercise_id, erratum in ERRATA_NAMED.items():
        assert erratum in text, exercise_id
    # Each failed grade cell prints the hint for its first failure (no `ex` in nbgrader).
    assert text.count(" of 3, for `") == 2 * len(ERRATA_NAMED)
    assert scores[DEBUGGING]["untouched"] == scores[DEBUGGING]["book_listings"]


def _feedback(course, student: str, assignment: str) -> str:
    path = course / "feedback" / student / assignment / f"{assignment}.html"
    return path.read_text(encoding="utf-8")
