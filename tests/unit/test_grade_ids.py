"""Grade ids and template tags: one builder, one parser, round trips."""

from __future__ import annotations

import pytest

from autograder import exercises
from autograder.nbgrader import grade_ids
from autograder.nbgrader.grade_ids import GradeId, Part, Tag
from autograder.protocol import Group


@pytest.mark.parametrize("exercise_id", exercises.IDS)
@pytest.mark.parametrize("part", list(Part))
def test_grade_ids_round_trip(exercise_id, part):
    text = grade_ids.grade_id(exercise_id, part)

    assert text == f"{exercise_id}_{part.value}"
    assert grade_ids.parse(text) == GradeId(exercise_id, part)


@pytest.mark.parametrize("exercise_id", exercises.IDS)
@pytest.mark.parametrize(("part", "points"), [("answer", 0), ("structure", 1), ("behaviour", 2)])
def test_tags_round_trip(exercise_id, part, points):
    text = grade_ids.tag(exercise_id, part, points)

    assert grade_ids.parse_tag(text) == Tag(GradeId(exercise_id, Part(part)), points)


def test_the_scheme_is_the_one_the_course_uses():
    assert grade_ids.grade_id("qa_model", "structure") == "qa_model_structure"
    assert grade_ids.grade_id("qa_model", Part.ANSWER) == "qa_model_answer"
    assert grade_ids.tag("qa_model", "answer") == "answer:qa_model"
    assert grade_ids.tag("qa_model", "behaviour", 2) == "tests:qa_model:behaviour:2"


def test_grade_cells_score_a_group_and_the_answer_cell_none():
    assert grade_ids.parse("shared_lstm_structure").group == Group.VISIBLE
    assert grade_ids.parse("shared_lstm_behaviour").group == Group.HIDDEN
    assert grade_ids.parse("shared_lstm_answer").group is None


def test_exercise_ids_with_underscores_are_split_at_the_part():
    parsed = grade_ids.parse("social_compile_behaviour")

    assert (parsed.exercise, parsed.part) == ("social_compile", Part.BEHAVIOUR)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "qa_model",
        "qa_model_",
        "qa_model_hidden",
        "qa_model_structure_1",
        "nope_structure",
        "functional_api_1_cell_3",
        "QA_MODEL_STRUCTURE",
        "_structure",
    ],
)
def test_other_cells_are_not_the_kits(text):
    assert grade_ids.parse(text) is None


@pytest.mark.parametrize(("exercise_id", "part"), [("nope", "answer"), ("qa_model", "hidden")])
def test_the_builders_refuse_what_the_parser_would_not_read(exercise_id, part):
    with pytest.raises(ValueError, match="Received"):
        grade_ids.grade_id(exercise_id, part)
    with pytest.raises(ValueError, match="Received"):
        grade_ids.tag(exercise_id, part, 1)


@pytest.mark.parametrize("text", ["locked", "", "something:else"])
def test_tags_that_mark_no_exercise_cell(text):
    assert grade_ids.parse_tag(text) is None


@pytest.mark.parametrize(
    "text",
    [
        "answer:nope",
        "answer:qa_model:1",
        "tests:qa_model:structure",
        "tests:qa_model:answer:1",
        "tests:qa_model:hidden:2",
        "tests:qa_model:structure:two",
        "tests:nope:structure:1",
    ],
)
def test_malformed_grade_tags_are_refused(text):
    with pytest.raises(ValueError, match="Received"):
        grade_ids.parse_tag(text)
