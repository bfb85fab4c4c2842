"""The grade-id scheme: the one builder and parser of nbgrader cell ids and template tags.

Each exercise `<id>` has three nbgrader cells: the answer cell `<id>_answer`
and two grade cells, `<id>_structure` (it scores the exercise's visible
checks) and `<id>_behaviour` (its hidden checks). The assignment templates
(`course/assignments/*.py`) mark these cells with the tags `answer:<id>` and
`tests:<id>:<part>:<points>`.

Example:

```python
grade_id("qa_model", Part.STRUCTURE)  # "qa_model_structure"
parse("qa_model_structure").group  # Group.VISIBLE
parse_tag("tests:qa_model:behaviour:2")  # Tag(GradeId("qa_model", Part.BEHAVIOUR), 2)
```
"""

from __future__ import annotations

import dataclasses
import enum

from autograder import exercises
from autograder.protocol import Group


class Part(enum.StrEnum):
    """The cell of an exercise that a grade id names."""

    ANSWER = "answer"  # the learner's answer cell
    STRUCTURE = "structure"  # the grade cell of the visible checks
    BEHAVIOUR = "behaviour"  # the grade cell of the hidden checks


#: Grade-cell part -> the `Group` of checks the cell scores.
GROUPS = {Part.STRUCTURE: Group.VISIBLE, Part.BEHAVIOUR: Group.HIDDEN}

ANSWER_TAG = "answer"
TESTS_TAG = "tests"


@dataclasses.dataclass(frozen=True)
class GradeId:
    """One nbgrader cell of one exercise.

    Args:
        exercise: An id of `autograder.exercises.IDS`.
        part: The `Part` of the exercise the cell is.
    """

    exercise: str
    part: Part

    @property
    def group(self) -> Group | None:
        """The `Group` of checks a grade cell scores; `None` for the answer cell."""
        return GROUPS.get(self.part)

    def __str__(self) -> str:
        return f"{self.exercise}_{self.part}"


@dataclasses.dataclass(frozen=True)
class Tag:
    """What an assignment template's `answer:` or `tests:` tag marks.

    Args:
        grade_id: The cell the tag marks.
        points: The points of a grade cell; 0 for an answer cell.
    """

    grade_id: GradeId
    points: int = 0

    def __str__(self) -> str:
        g = self.grade_id
        if g.part == Part.ANSWER:
            return f"{ANSWER_TAG}:{g.exercise}"
        return f"{TESTS_TAG}:{g.exercise}:{g.part}:{self.points}"


def grade_id(exercise_id: str, part: Part | str) -> str:
    """The nbgrader `grade_id` of an exercise's cell.

    Args:
        exercise_id: An id of `autograder.exercises.IDS`, e.g. `"qa_model"`.
        part: A `Part` or its value, e.g. `"structure"`.

    Returns:
        `"<exercise_id>_<part>"`, e.g. `"qa_model_structure"`.

    Raises:
        ValueError: if the exercise id or the part is not the kit's.
    """
    return str(GradeId(_exercise(exercise_id), _part(part)))


def parse(text: str) -> GradeId | None:
    """The `GradeId` that an nbgrader `grade_id` names.

    Args:
        text: A cell's `grade_id`, e.g. `"qa_model_behaviour"`.

    Returns:
        The `GradeId`, or `None` for a cell that is not one of the kit's
        (a locked cell, another course's cell).
    """
    for part in Part:
        exercise_id = text.removesuffix(f"_{part}")
        if exercise_id != text and exercise_id in exercises.IDS:
            return GradeId(exercise_id, part)
    return None


def tag(exercise_id: str, part: Part | str, points: int = 0) -> str:
    """The template tag of an exercise's cell: `answer:<id>` or `tests:<id>:<part>:<points>`.

    Args:
        exercise_id: An id of `autograder.exercises.IDS`.
        part: A `Part` or its value.
        points: The grade cell's points (not used for the answer cell).

    Returns:
        The tag as written in `course/assignments/*.py`.

    Raises:
        ValueError: if the exercise id or the part is not the kit's.
    """
    return str(Tag(GradeId(_exercise(exercise_id), _part(part)), points))


def parse_tag(text: str) -> Tag | None:
    """The cell that an assignment template's tag marks.

    Args:
        text: A cell tag, e.g. `"answer:qa_model"` or `"tests:qa_model:structure:1"`.

    Returns:
        The `Tag`, or `None` for a tag that marks no exercise cell (e.g. `"locked"`).

    Raises:
        ValueError: for an `answer:` or `tests:` tag that is malformed or names
            an unknown exercise or part.
    """
    kind, _, rest = text.partition(":")
    fields = rest.split(":")
    try:
        if kind == ANSWER_TAG and len(fields) == 1:
            return Tag(GradeId(_exercise(fields[0]), Part.ANSWER))
        if kind == TESTS_TAG and len(fields) == 3 and fields[1] in GROUPS:
            return Tag(GradeId(_exercise(fields[0]), _part(fields[1])), int(fields[2]))
    except ValueError as error:
        raise ValueError(f"Invalid grade tag. Received: {text!r} ({error}).") from None
    if kind in (ANSWER_TAG, TESTS_TAG):
        raise ValueError(
            "Invalid grade tag: expected `answer:<exercise>` or "
            f"`tests:<exercise>:<structure|behaviour>:<points>`. Received: {text!r}."
        )
    return None


def _exercise(exercise_id: str) -> str:
    """`exercise_id` itself, once it is known to be an id of the contract."""
    if exercise_id not in exercises.IDS:
        raise ValueError(f"Unknown exercise id. Received: {exercise_id!r}.")
    return exercise_id


def _part(part: Part | str) -> Part:
    """`part` as a `Part`, once it is known to be one."""
    try:
        return Part(part)
    except ValueError:
        raise ValueError(
            f"Unknown grade part: expected one of {[p.value for p in Part]}. Received: {part!r}."
        ) from None
