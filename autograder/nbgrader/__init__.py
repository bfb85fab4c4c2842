"""What nbgrader uses: grade-cell ids and the preprocessor that judges them.

A grade cell's `grade_id` is `<exercise id>_<part>`, with the parts of
`GRADE_PARTS`: `qa_model_structure` scores the visible checks of
`qa_model`, `qa_model_behaviour` its hidden checks.
"""

from __future__ import annotations

from autograder import exercises

#: The nbgrader course id of the kit's course (`course/nbgrader_config.py`).
COURSE_ID = "keras-functional-api"

#: grade_id suffix -> the `CheckResult.group` the cell scores.
GRADE_PARTS = {"structure": "visible", "behaviour": "hidden"}


def parse_grade_id(grade_id: str) -> tuple[str, str] | None:
    """`"qa_model_structure"` -> `("qa_model", "visible")`; `None` if not a kit cell."""
    for exercise_id in exercises.IDS:
        for part, group in GRADE_PARTS.items():
            if grade_id == f"{exercise_id}_{part}":
                return exercise_id, group
    return None
