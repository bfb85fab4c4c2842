"""The course's map: lessons, assignments and exercises, read from their sources.

Nothing here is written twice: a lesson's title, description and estimated
time come from the markdown that opens `notebooks/NN_slug.py`
(`# Lesson N — Title`, `**Description:** ...`, `**Estimated time:** N min`);
an assignment's exercises from the `answer:<id>` tags of
`course/assignments/<name>.py`; an exercise's signature and hints from its
`autograder.exercises` module (no Keras import). An exercise's lessons are the
lessons (`notebooks/NN_slug.py`) that the text of its section of the
assignment names (from its `## ` heading to the next), or, when that text
names none, those the assignment's introduction names.

Example:

```python
course = read()
[(lesson.number, lesson.minutes) for lesson in course.lessons]
course.exercise("qa_model").assignments  # ("functional_api_1",)
```
"""

from __future__ import annotations

import dataclasses
import pathlib
import re

import jupytext

from autograder import exercises
from autograder.nbgrader import grade_ids
from tools.build_course import TEMPLATES
from tools.run_lessons import lesson_paths

TITLE = re.compile(r"^# Lesson (\d+) — (.+)$", re.MULTILINE)
HEADING = re.compile(r"^# (.+)$", re.MULTILINE)
# The description runs to a blank line or to the next `**Field:**` line.
DESCRIPTION = re.compile(
    r"^\*\*Description:\*\*\s*(.+?)(?=\n\s*\n|\n\*\*|\Z)", re.MULTILINE | re.DOTALL
)
TIME = re.compile(r"^\*\*Estimated time:\*\*\s*(\d+)\s*min\b", re.MULTILINE)
LESSON_PATH = re.compile(r"notebooks/(\d\d_\w+)\.py")


@dataclasses.dataclass(frozen=True)
class Lesson:
    """One lesson, as the markdown before its first code cell presents it.

    Attributes:
        name: The source's stem, e.g. `"01_sequential_vs_functional"`; also
            the book page's name.
        number: N of `# Lesson N — Title`.
        title: The title after the dash.
        description: The `**Description:**` paragraph, on one line.
        minutes: The `**Estimated time:** N min` of the lesson, in minutes.
    """

    name: str
    number: int
    title: str
    description: str
    minutes: int


@dataclasses.dataclass(frozen=True)
class Assignment:
    """One nbgrader assignment template.

    Attributes:
        name: The template's stem, e.g. `"functional_api_1"`.
        title: Its first heading, e.g. `"Assignment 1 — ..."`.
        taught_in: Each exercise id of its `answer:<id>` cells, in order, with
            the names of the lessons that teach it: those its section's text
            names (`notebooks/NN_slug.py`), else those the introduction names.
    """

    name: str
    title: str
    taught_in: dict[str, tuple[str, ...]]

    @property
    def exercises(self) -> tuple[str, ...]:
        """The exercise ids of its answer cells, in order."""
        return tuple(self.taught_in)


@dataclasses.dataclass(frozen=True)
class Exercise:
    """One exercise of `autograder.exercises.IDS`, with where it is taught and graded.

    Attributes:
        id: The exercise id.
        signature: The function's signature with its defaults.
        hints: Its hints, from the nudge (level 1) to the key line.
        assignments: The assignments that hold it.
        lessons: The lessons that teach it.
    """

    id: str
    signature: str
    hints: tuple[str, ...]
    assignments: tuple[str, ...]
    lessons: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class CourseMap:
    """Every lesson, assignment and exercise, in teaching order."""

    lessons: tuple[Lesson, ...]
    assignments: tuple[Assignment, ...]
    exercises: tuple[Exercise, ...]

    @property
    def minutes(self) -> int:
        """The estimated time of all the lessons, in minutes."""
        return sum(lesson.minutes for lesson in self.lessons)

    def exercise(self, exercise_id: str) -> Exercise:
        """The `Exercise` with this id.

        Raises:
            KeyError: If no exercise has this id.
        """
        for entry in self.exercises:
            if entry.id == exercise_id:
                return entry
        raise KeyError(exercise_id)

    def practised_in(self, lesson: Lesson) -> tuple[Exercise, ...]:
        """The exercises that `lesson` teaches."""
        return tuple(entry for entry in self.exercises if lesson.name in entry.lessons)


def read_lesson(path: pathlib.Path) -> Lesson:
    """The `Lesson` that a lesson source presents before its first code cell.

    Args:
        path: A lesson source `notebooks/NN_slug.py` (jupytext percent format).

    Returns:
        A `Lesson`.

    Raises:
        ValueError: If the markdown before the first code cell lacks the
            title, the description or the estimated time; the message quotes
            the lines expected.
    """
    head = []  # the markdown cells before the first code cell
    for cell in jupytext.read(path).cells:
        if cell.cell_type == "code":
            break
        head.append(cell.source if cell.cell_type == "markdown" else "")
    text = "\n\n".join(head)
    title, description, time = TITLE.search(text), DESCRIPTION.search(text), TIME.search(text)
    missing = [
        line
        for line, found in (
            ("# Lesson N — Title", title),
            ("**Description:** ...", description),
            ("**Estimated time:** N min", time),
        )
        if found is None
    ]
    if missing:
        raise ValueError(
            f"{path.name}: expected the lines {missing} in the markdown before its first "
            f"code cell. Received {len(text.splitlines())} line(s) of markdown without them."
        )
    return Lesson(
        name=path.stem,
        number=int(title.group(1)),
        title=title.group(2).strip(),
        description=" ".join(description.group(1).split()),
        minutes=int(time.group(1)),
    )


def read_assignment(path: pathlib.Path) -> Assignment:
    """The `Assignment` of one template `course/assignments/<name>.py`.

    Raises:
        ValueError: If a cell has a malformed `answer:` or `tests:` tag.
    """
    notebook = jupytext.read(path)
    title = None
    introduction: list[str] = []  # lessons named before the first section
    section: list[str] | None = None  # lessons named in the current section
    taught_in: dict[str, tuple[str, ...]] = {}
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            heading = HEADING.search(cell.source)
            if title is None and heading:
                title = heading.group(1).strip()
            if cell.source.startswith("## "):
                section = []
            (introduction if section is None else section).extend(LESSON_PATH.findall(cell.source))
        for text in cell.metadata.get("tags", []):
            try:
                tag = grade_ids.parse_tag(text)
            except ValueError as error:
                raise ValueError(f"{path.name}: {error}") from None
            if tag and tag.grade_id.part == grade_ids.Part.ANSWER:
                named = section or introduction
                taught_in[tag.grade_id.exercise] = tuple(dict.fromkeys(named))
    return Assignment(name=path.stem, title=title or path.stem, taught_in=taught_in)


def read(
    lessons: list[pathlib.Path] | None = None, templates: pathlib.Path = TEMPLATES
) -> CourseMap:
    """The `CourseMap` of the kit.

    Args:
        lessons: The lesson sources, in order. Defaults to `notebooks/[0-9]*.py`.
        templates: The folder of the assignment templates. Defaults to
            `course/assignments/`.

    Returns:
        A `CourseMap`.

    Raises:
        ValueError: If a lesson lacks its title, description or estimated
            time, if an assignment names a lesson that does not exist, or if
            an exercise of `autograder.exercises.IDS` is in no assignment.
    """
    paths = lesson_paths() if lessons is None else lessons
    read_lessons = tuple(read_lesson(path) for path in paths)
    names = [path.stem for path in paths]
    assignments = tuple(read_assignment(path) for path in sorted(templates.glob("*.py")))
    for assignment in assignments:
        for exercise_id, taught in assignment.taught_in.items():
            unknown = [name for name in taught if name not in names]
            if unknown:
                raise ValueError(
                    f"{assignment.name}.py names lessons that do not exist for "
                    f"{exercise_id!r}: {unknown}. Expected names of {names}."
                )
    entries = []
    for exercise_id in exercises.IDS:
        holders = tuple(a for a in assignments if exercise_id in a.taught_in)
        if not holders:
            raise ValueError(
                f"Exercise {exercise_id!r} is in no assignment: expected a cell tagged "
                f"'answer:{exercise_id}' in one of course/assignments/*.py."
            )
        exercise = exercises.get(exercise_id)
        entries.append(
            Exercise(
                id=exercise_id,
                signature=exercise.signature,
                hints=tuple(exercise.hints),
                assignments=tuple(a.name for a in holders),
                lessons=tuple(dict.fromkeys(n for a in holders for n in a.taught_in[exercise_id])),
            )
        )
    return CourseMap(read_lessons, assignments, tuple(entries))
