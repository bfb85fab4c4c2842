"""Builds the nbgrader source notebooks from their templates and the solutions.

`course/assignments/<name>.py` (jupytext percent format) becomes
`course/source/<name>/<name>.ipynb`. Cells are marked with tags that this
script turns into nbgrader metadata:

- `locked`: a read-only cell;
- `answer:<exercise id>`: the answer cell (grade_id `<exercise id>_answer`);
  its body comes from `solutions/<exercise id>.py` (the single source of every
  solution), with the function's body between `### BEGIN SOLUTION` and
  `### END SOLUTION`. The template's body says what the release shows:
  `# solution: <exercise id>` the stub `raise NotImplementedError()`;
  `# buggy: <exercise id>` (a debugging exercise) the source text's own
  wrong code, `course/demo_submissions/book_listings/<exercise id>.py`
  without its header comment, kept in the cell's metadata for
  `autograder.nbgrader.start_code.ReleaseStartCode`;
- `tests:<exercise id>:<part>:<points>`: a grade cell with grade_id
  `<exercise id>_<part>` (`autograder.nbgrader.grade_ids` builds and parses
  both).

Usage: `python tools/build_course.py [NAME ...]`
"""

from __future__ import annotations

import ast
import pathlib
import sys

import jupytext
import nbformat

from autograder.nbgrader import grade_ids, start_code

ROOT = pathlib.Path(__file__).resolve().parent.parent
COURSE = ROOT / "course"
TEMPLATES = COURSE / "assignments"
SOLUTIONS = ROOT / "solutions"
#: The source text's listings, errata included: where a debugging exercise starts.
LISTINGS = COURSE / "demo_submissions" / "book_listings"
SOLUTION, BUGGY = "solution", "buggy"  # the answer cell markers, `# <marker>: <id>`


def solution_source(exercise_id: str) -> str:
    """The answer cell of an exercise: its reference function, body marked as solution.

    Raises:
        ValueError: if `solutions/<exercise_id>.py` does not define exactly one
            function with a docstring.
    """
    path = SOLUTIONS / f"{exercise_id}.py"
    text = path.read_text(encoding="utf-8")
    functions = [n for n in ast.parse(text).body if isinstance(n, ast.FunctionDef)]
    if len(functions) != 1 or ast.get_docstring(functions[0]) is None:
        raise ValueError(f"{path.name}: expected one function with a docstring")
    function = functions[0]
    lines = text.splitlines()
    body_start = function.body[1].lineno - 1  # the statement after the docstring
    indent = " " * function.body[1].col_offset
    head = lines[function.lineno - 1 : body_start]
    body = lines[body_start : function.end_lineno]
    return "\n".join(head + [f"{indent}### BEGIN SOLUTION"] + body + [f"{indent}### END SOLUTION"])


def start_source(exercise_id: str) -> str:
    """The code a debugging exercise's answer cell starts from in the release.

    Args:
        exercise_id: An exercise with a listing in `LISTINGS`.

    Returns:
        The listing without its header comment, which names the errata that
        the learner is to find.

    Raises:
        FileNotFoundError: if the exercise has no listing.
    """
    lines = (LISTINGS / f"{exercise_id}.py").read_text(encoding="utf-8").splitlines()
    while lines and (lines[0].startswith("#") or not lines[0].strip()):
        lines.pop(0)
    return "\n".join(lines)


def answer_marker(source: str, exercise_id: str, where: str) -> str:
    """The marker of an answer cell's template body: `SOLUTION` or `BUGGY`.

    Args:
        source: The body of the template's `answer:<exercise_id>` cell.
        exercise_id: The exercise of the cell's tag.
        where: The template's name, for the error message.

    Returns:
        `"solution"` for `# solution: <id>`, `"buggy"` for `# buggy: <id>`.

    Raises:
        ValueError: for any other body, or a marker naming another exercise.
    """
    for marker in (SOLUTION, BUGGY):
        if source.strip() == f"# {marker}: {exercise_id}":
            return marker
    raise ValueError(
        f"{where}: the answer cell of `{exercise_id}` must hold `# solution: {exercise_id}` "
        f"or `# buggy: {exercise_id}`. Received: {source.strip()[:80]!r}."
    )


def _metadata(grade_id: str, *, grade=False, solution=False, locked=False, points=0) -> dict:
    meta = {
        "grade": grade,
        "grade_id": grade_id,
        "locked": locked,
        "schema_version": 3,
        "solution": solution,
        "task": False,
    }
    if grade:
        meta["points"] = points
    return meta


def source_notebook(template: pathlib.Path) -> nbformat.NotebookNode:
    """The nbgrader source notebook of one assignment template."""
    nb = jupytext.read(template)
    name = template.stem
    for number, cell in enumerate(nb.cells, start=1):
        tags = cell.metadata.pop("tags", [])
        for tag in tags:
            try:
                graded = grade_ids.parse_tag(tag)
            except ValueError as error:
                raise ValueError(f"{template.name}: {error}") from None
            if tag == "locked":
                cell.metadata["nbgrader"] = _metadata(f"{name}_cell_{number}", locked=True)
            elif graded and graded.grade_id.part == grade_ids.Part.ANSWER:
                exercise_id = graded.grade_id.exercise
                if answer_marker(cell.source, exercise_id, template.name) == BUGGY:
                    cell.metadata[start_code.KEY] = {"start": start_source(exercise_id)}
                cell.source = solution_source(exercise_id)
                cell.metadata["nbgrader"] = _metadata(str(graded.grade_id), solution=True)
            elif graded:
                cell.metadata["nbgrader"] = _metadata(
                    str(graded.grade_id), grade=True, locked=True, points=graded.points
                )
            else:
                raise ValueError(f"{template.name}: unknown tag {tag!r}")
    nb.metadata.pop("jupytext", None)
    return nb


def build(names: list[str] | None = None, course: pathlib.Path = COURSE) -> list[pathlib.Path]:
    """Writes `course/source/<name>/<name>.ipynb` for each template; returns the paths."""
    templates = sorted(TEMPLATES.glob("*.py"))
    if names:
        templates = [t for t in templates if t.stem in names]
    written = []
    for template in templates:
        out = course / "source" / template.stem / f"{template.stem}.ipynb"
        out.parent.mkdir(parents=True, exist_ok=True)
        nbformat.write(source_notebook(template), out)
        written.append(out)
    return written


def answer_markers(name: str) -> dict[str, str]:
    """The answer cells of an assignment template: exercise id -> `SOLUTION` or `BUGGY`.

    Args:
        name: An assignment, e.g. `"functional_api_6"`.

    Returns:
        The markers, in the template's order.
    """
    markers = {}
    for cell in jupytext.read(TEMPLATES / f"{name}.py").cells:
        for tag in cell.metadata.get("tags", []):
            graded = grade_ids.parse_tag(tag)
            if graded and graded.grade_id.part == grade_ids.Part.ANSWER:
                exercise_id = graded.grade_id.exercise
                markers[exercise_id] = answer_marker(cell.source, exercise_id, f"{name}.py")
    return markers


def assignments() -> list[str]:
    """The assignment names, in order."""
    return [t.stem for t in sorted(TEMPLATES.glob("*.py"))]


def main(argv: list[str] | None = None) -> int:
    for path in build(argv if argv else None):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
