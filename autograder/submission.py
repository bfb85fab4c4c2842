"""Reads a submission (`.py` file or notebook) into the code the sandbox runs."""

from __future__ import annotations

import dataclasses
import pathlib


class SubmissionError(Exception):
    """The submission file cannot be read (missing, not UTF-8, not a notebook)."""


@dataclasses.dataclass(frozen=True)
class Cell:
    """A piece of learner code run as one unit.

    Args:
        source: Python source, with IPython magics already turned into calls
            of `get_ipython()` (which the sandbox answers with a no-op).
        label: Where the code came from, for messages, e.g. `"cell 4"`.
        fatal: Whether an exception here stops the run (a `.py` file) or is
            recorded and the next cell runs (a notebook, as nbgrader does).
    """

    source: str
    label: str
    fatal: bool


def is_test_cell(cell: dict) -> bool:
    """True for an nbgrader grade cell that is not an answer cell.

    Test cells are the grader's, not the learner's: they are never run in the
    sandbox (they call the autograder).
    """
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return bool(meta.get("grade")) and not meta.get("solution")


def read_cells(path: str | pathlib.Path) -> list[Cell]:
    """Returns the learner code of a submission, in order.

    Args:
        path: A `.py` file (run as one unit) or an `.ipynb` notebook (its
            code cells in order, without nbgrader test cells), read and
            repaired by `autograder.intake` as the class grader reads it.

    Returns:
        A list of `Cell`.

    Raises:
        SubmissionError: if the file is missing, unreadable, not UTF-8, not
            valid notebook JSON, or of another type.
    """
    path = pathlib.Path(path)
    if path.suffix not in (".py", ".ipynb"):
        raise SubmissionError(f"Expected a .py file or an .ipynb notebook. Received: {path.name}")
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise SubmissionError(f"No such file: {path.name}") from None
    except OSError as err:
        raise SubmissionError(f"Cannot read {path.name}: {err}") from None
    if path.suffix == ".ipynb":
        # Imported here: nbformat's schema validation costs a second or more to
        # import, which checking a .py file does not need.
        from autograder import intake

        repaired = intake.read(data, name=path.name)
        if repaired.notebook is None:
            raise SubmissionError(repaired.problem)
        return notebook_cells(repaired.notebook.cells)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as err:
        raise SubmissionError(f"Cannot read {path.name}: {err}") from None
    return [Cell(source=text, label=path.name, fatal=True)]


def notebook_cells(cells: list[dict]) -> list[Cell]:
    """Turns notebook cell dicts (nbformat 4) into `Cell`s, skipping test cells."""
    from IPython.core.inputtransformer2 import TransformerManager

    transformer = TransformerManager()
    out = []
    for number, cell in enumerate(cells, start=1):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        if is_test_cell(cell):
            continue
        source = cell.get("source", "")
        if isinstance(source, list):
            source = "".join(source)
        try:
            source = transformer.transform_cell(source)
        except Exception:  # a syntax error is reported when the cell runs
            pass
        out.append(Cell(source=source, label=f"cell {number}", fatal=False))
    return out
