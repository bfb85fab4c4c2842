"""The debugging assignment's release: answer cells start from the source text's wrong code."""

from __future__ import annotations

import copy

import pytest
from nbgrader.preprocessors import ClearSolutions

from autograder.nbgrader import grade_ids, start_code
from tools import build_course

DEBUGGING = "functional_api_6"
#: A line of each listing that carries the source text's erratum.
ERRATA = {
    "qa_model": "layers.Embedding(64, text_vocab_size)",
    "social_compile": '"bianry_crossentropy"',
    "inception_module": 'layers.Conv2D(filters, 3, activation="relu", strides=2)(branch_b)',
    "siamese": "right_input = base_model(right_input)",
}


def _answers(nb) -> dict:
    cells = {}
    for cell in nb.cells:
        parsed = grade_ids.parse(cell.metadata.get("nbgrader", {}).get("grade_id", ""))
        if parsed and parsed.part == grade_ids.Part.ANSWER:
            cells[parsed.exercise] = cell
    return cells


def _release(nb):
    """What `nbgrader generate_assignment` does to the answer cells, in process."""
    nb = copy.deepcopy(nb)
    resources = {"language": "python"}
    nb, resources = ClearSolutions(code_stub={"python": "raise NotImplementedError()"}).preprocess(
        nb, resources
    )
    nb, _ = start_code.ReleaseStartCode().preprocess(nb, resources)
    return nb


def test_buggy_cells_keep_the_solution_in_the_source_and_the_listing_in_the_release():
    source = build_course.source_notebook(build_course.TEMPLATES / f"{DEBUGGING}.py")
    answers = _answers(source)
    assert list(answers) == list(ERRATA)
    released = _answers(_release(source))
    for exercise_id, cell in answers.items():
        assert cell.source == build_course.solution_source(exercise_id)
        start = start_code.release_source(cell)
        assert start == build_course.start_source(exercise_id)
        assert ERRATA[exercise_id] in start
        # The listing's header comment, which names the errata, is not released.
        assert not start.startswith("#") and "errat" not in start.lower()
        assert (build_course.LISTINGS / f"{exercise_id}.py").read_text().endswith(start + "\n")
        release = released[exercise_id]
        assert release.source == start
        assert start_code.KEY not in release.metadata
        assert release.metadata["nbgrader"]["solution"] is True


def test_solution_cells_are_released_as_the_stub():
    source = build_course.source_notebook(build_course.TEMPLATES / "functional_api_1.py")
    assert all(start_code.release_source(c) is None for c in source.cells)
    for cell in _answers(_release(source)).values():
        assert cell.source.endswith("raise NotImplementedError()")


def test_the_answer_cell_marker_is_solution_or_buggy_for_its_own_exercise():
    assert build_course.answer_marker("# solution: qa_model\n", "qa_model", "t.py") == "solution"
    assert build_course.answer_marker("# buggy: qa_model", "qa_model", "t.py") == "buggy"
    for body in ("# buggy: siamese", "", "def build_qa_model(): ..."):
        with pytest.raises(ValueError, match="must hold `# solution: qa_model`"):
            build_course.answer_marker(body, "qa_model", "t.py")
    assert set(build_course.answer_markers(DEBUGGING).values()) == {build_course.BUGGY}
    for name in build_course.assignments():
        if name != DEBUGGING:
            assert set(build_course.answer_markers(name).values()) == {build_course.SOLUTION}
