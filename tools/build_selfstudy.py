"""Builds the self-study exercise notebooks from the assignment templates.

`course/assignments/<name>.py`, the template of the nbgrader assignment,
becomes `build/selfstudy/<name>.ipynb`, a plain notebook (no nbgrader
metadata) for learners who work on their own:

- a setup cell `from autograder import selfstudy as ex` after the first code
  cell, and a note on how self-study checking works;
- `answer:<exercise id>` cells: the function's signature and docstring from
  `solutions/<exercise id>.py` with `raise NotImplementedError()` where the
  solution's body was (what nbgrader's release shows); a debugging exercise's
  (`# buggy: <id>`) the source text's wrong code it starts from;
- `tests:<exercise id>:...` cells: the first becomes `ex.<id>.check(<function>)`,
  which runs every check (visible and hidden) in the sandbox, followed by a
  hint cell (`ex.<id>.hint()`, `ex.<id>.solution()`); the others are dropped.

Usage, from the repository root: `python -m tools.build_selfstudy [NAME ...] [--out DIR]`
"""

from __future__ import annotations

import argparse
import pathlib
import sys

import jupytext
import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from autograder import exercises
from autograder.nbgrader import grade_ids
from tools.build_course import (
    BUGGY,
    ROOT,
    TEMPLATES,
    answer_marker,
    assignments,
    solution_source,
    start_source,
)

DEFAULT_OUT = ROOT / "build" / "selfstudy"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
STUB = ("# YOUR CODE HERE", "raise NotImplementedError()")
SETUP = (
    "# Self-study checks: ex.<exercise>.check(<function>), .hint(), .solution()\n"
    "from autograder import selfstudy as ex"
)
NOTE = (
    "**Self-study version.** The cell after each answer, `ex.<exercise>.check(<function>)`, "
    "runs every check of the grader on your function, the hidden ones too: your code runs in "
    "a separate, sandboxed Python process and the verdict says what was expected, what your "
    "model gave and what to look at next. Stuck? The cell after it shows a hint, or the "
    "reference solution where this copy of the kit has one."
)


def stub_source(exercise_id: str) -> str:
    """The answer cell of an exercise: signature and docstring, body replaced by a stub."""
    source = solution_source(exercise_id)
    lines = source.splitlines()
    begin = next(i for i, line in enumerate(lines) if line.strip() == "### BEGIN SOLUTION")
    end = next(i for i, line in enumerate(lines) if line.strip() == "### END SOLUTION")
    indent = lines[begin][: len(lines[begin]) - len(lines[begin].lstrip())]
    return "\n".join(lines[:begin] + [indent + s for s in STUB] + lines[end + 1 :])


def check_source(exercise_id: str) -> str:
    """The check cell: `ex.<id>.check(<function>)`."""
    function = exercises.get(exercise_id).function
    return f"ex.{exercise_id}.check({function})"


def hint_source(exercise_id: str) -> str:
    """The hint cell: commented calls of `hint()` and `solution()`."""
    return (
        "# Stuck? Remove the # in front of a line and run this cell.\n"
        f"# ex.{exercise_id}.hint()  # each run: the next level, from a nudge to the key line\n"
        f"# ex.{exercise_id}.solution()"
    )


def selfstudy_notebook(template: pathlib.Path) -> nbformat.NotebookNode:
    """The self-study notebook of one assignment template.

    Raises:
        ValueError: for a tag this script does not know.
    """
    nb = jupytext.read(template)
    cells, checked, setup_done = [], set(), False
    for cell in nb.cells:
        tags = cell.metadata.pop("tags", [])
        first = tags[0] if tags else ""
        graded = grade_ids.parse_tag(first)
        if graded and graded.grade_id.part == grade_ids.Part.ANSWER:
            exercise_id = graded.grade_id.exercise
            marker = answer_marker(cell.source, exercise_id, template.name)
            cell.source = (start_source if marker == BUGGY else stub_source)(exercise_id)
        elif graded:
            exercise_id = graded.grade_id.exercise
            if exercise_id in checked:
                continue
            checked.add(exercise_id)
            cells += [
                new_code_cell(check_source(exercise_id)),
                new_code_cell(hint_source(exercise_id)),
            ]
            continue
        elif first not in ("", "locked"):
            raise ValueError(f"{template.name}: unknown tag {tags[0]!r}")
        cells.append(cell)
        if cell.cell_type == "code" and not setup_done:
            cells += [new_markdown_cell(NOTE), new_code_cell(SETUP)]
            setup_done = True
    nb.cells = cells
    nb.metadata.pop("jupytext", None)
    nb.metadata.setdefault("kernelspec", KERNELSPEC)
    nb.metadata.setdefault("language_info", {"name": "python"})
    return nb


def build(names: list[str] | None = None, out: pathlib.Path = DEFAULT_OUT) -> list[pathlib.Path]:
    """Writes `<out>/<name>.ipynb` for each template; returns the paths."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names or assignments():
        path = out / f"{name}.ipynb"
        nbformat.write(selfstudy_notebook(TEMPLATES / f"{name}.py"), path)
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="assignments (default: all)")
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="output folder")
    args = parser.parse_args(argv)
    unknown = sorted(set(args.names) - set(assignments()))
    if unknown:
        parser.error(f"unknown assignment(s) {unknown}. Known: {assignments()}")
    for path in build(args.names or None, args.out):
        print(f"wrote {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
