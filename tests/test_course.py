"""The nbgrader course: source notebooks, release, and the whole round trip of `make demo`.

Each assignment makes the round trip in a course of its own and in an
xdist group of its own (`course-<assignment>`), so that the two workers share
the autograding; `tests/test_postgres.py` grades two assignments in one course.
"""

from __future__ import annotations

import html
import json

import nbformat
import pytest

from autograder.nbgrader import grade_ids, start_code
from tests.conftest import ROOT
from tools import build_course, demo

EXPECTED = json.loads((demo.DEMO / "expected.json").read_text(encoding="utf-8"))
DEBUGGING = "functional_api_6"  # its answer cells start from the source text's wrong code


def group(assignment: str):
    """The xdist group of the tests that read `assignment` graded."""
    return pytest.mark.xdist_group(f"course-{assignment}")


#: Every assignment, each in its own xdist group.
ASSIGNMENTS = [pytest.param(a, marks=group(a)) for a in build_course.assignments()]


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
def graded_course(tmp_path_factory, prepared_courses):
    """`graded_course(assignment)`: `(course, scores)`, graded by `demo.grade` as `make demo` does.

    Each assignment is built, released and graded once per module, in a course of its own.
    """
    done: dict = {}

    def of(assignment: str) -> tuple:
        if assignment not in done:
            course = prepared_courses.copy([assignment], tmp_path_factory.mktemp(assignment) / "c")
            done[assignment] = course, demo.grade(course, [assignment], progress=False)
        return done[assignment]

    return of


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_release_has_no_solution_and_no_hidden_test(graded_course, assignment):
    course, _ = graded_course(assignment)
    releases = list((course / "release").glob("*/*.ipynb"))
    assert [r.stem for r in releases] == [assignment]
    for release in releases:
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


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_autograde_gives_the_expected_points(graded_course, assignment):
    _, scores = graded_course(assignment)
    assert set(scores) == {assignment}
    for student, cells in EXPECTED[assignment].items():
        got = scores[assignment][student]
        assert {c: got.get(c) for c in cells} == cells, f"{assignment} / {student}"


def test_every_assignment_has_expected_points():
    assert set(EXPECTED) == set(build_course.assignments())


@group("functional_api_1")
def test_nbgrader_autograde_alone_gives_the_points_of_grade(graded_course):
    # `make demo` grades with the kit's `grade`; an instructor may run nbgrader's own command
    # with the kit's configuration (README), which judges in its preprocessor, in a kernel.
    course, scores = graded_course("functional_api_1")
    demo.nbgrader(
        course, "autograde", "functional_api_1", "--student", "student_sigmoid", "--force"
    )
    again = demo.gradebook(course)["functional_api_1"]["student_sigmoid"]
    assert again == scores["functional_api_1"]["student_sigmoid"]


@group("functional_api_1")
def test_a_correct_answer_that_makes_keras_warn_gets_full_marks(graded_course):
    # student_sigmoid's QA model passes Embedding(input_length=...): Keras 3 warns on stderr.
    _, scores = graded_course("functional_api_1")
    assert "input_length" in (demo.DEMO / "student_sigmoid" / "qa_model.py").read_text()
    got = scores["functional_api_1"]["student_sigmoid"]
    assert got["qa_model_structure"] == 1 and got["qa_model_behaviour"] == 2


@pytest.mark.parametrize("assignment", ASSIGNMENTS)
def test_feedback_shows_no_hidden_test_code(graded_course, assignment):
    course, _ = graded_course(assignment)
    feedback = sorted((course / "feedback").glob(f"*/{assignment}/*.html"))
    assert len(feedback) == len(EXPECTED[assignment])
    for path in feedback:
        text = path.read_text(encoding="utf-8")
        assert "HIDDEN TESTS" not in text
        for exercise_id in build_course.answer_markers(assignment):
            assert f"check(&quot;{exercise_id}&quot;, &quot;hidden&quot;)" not in text
            assert f'check("{exercise_id}", "hidden")' not in text


@group("functional_api_1")
def test_feedback_shows_the_failed_check_and_its_message(graded_course):
    course, _ = graded_course("functional_api_1")
    swapped = (course / "feedback" / "student_swapped" / "functional_api_1").glob("*.html")
    text = next(swapped).read_text(encoding="utf-8")
    assert "FAILED wiring" in text and "Expected:" in text


@group("functional_api_1")
def test_untouched_release_is_reported_as_not_attempted(graded_course):
    course, _ = graded_course("functional_api_1")
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


@group(DEBUGGING)
def test_untouched_debugging_release_is_graded_and_names_each_erratum(graded_course):
    course, scores = graded_course(DEBUGGING)
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
