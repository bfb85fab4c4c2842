"""Builds the nbgrader source notebooks from their templates and the solutions.

`course/assignments/<name>.py` (jupytext percent format) becomes
`course/source/<name>/<name>.ipynb`. Cells are marked with tags that this
script turns into nbgrader metadata:

- `locked`: a read-only cell;
- `answer:<exercise id>`: the answer cell (grade_id `<exercise id>_answer`);
  its body comes from `solutions/<exercise id>.py` (the single source of every
  solution), with the function's body between `### BEGIN SOLUTION` and
  `### END SOLUTION`;
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

from autograder.nbgrader import grade_ids

ROOT = pathlib.Path(__file__).resolve().parent.parent
COURSE = ROOT / "course"
TEMPLATES = COURSE / "assignments"
SOLUTIONS = ROOT / "solutions"


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
                cell.source = solution_source(graded.grade_id.exercise)
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


def assignments() -> list[str]:
    """The assignment names, in order."""
    return [t.stem for t in sorted(TEMPLATES.glob("*.py"))]


def main(argv: list[str] | None = None) -> int:
    for path in build(argv if argv else None):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
