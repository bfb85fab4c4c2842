"""Lenient reading of a submitted notebook: repair what can safely be repaired, name the rest.

Students hand in notebooks from many front ends (JupyterLab, Colab, VS Code,
older Jupyter) and in many states (cells pasted twice, retyped or deleted,
browser-renamed files, huge outputs). `read` turns any bytes into either a
valid nbformat 4.5 notebook, with the list of repairs in words an instructor
can act on, or a plain reason why nothing can be graded. It relies on
nbformat (upgrade, normalisation, validation) and on nbgrader's own rules:
of cells sharing a grade id the last copy keeps it (`DeduplicateIds`);
answer copies all stay code, so the later definition wins when the notebook
runs top to bottom, and a test cell is counted once; a deleted grade cell
comes back from the release (`OverwriteCells(add_missing_cells=True)`).
"""

from __future__ import annotations

import copy
import dataclasses
import json
import re

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_raw_cell
from nbformat.v4.nbbase import random_cell_id
from nbformat.v4.nbbase import validate as validate_node

#: An output whose JSON is longer than this is dropped (outputs are never graded).
MAX_OUTPUT_CHARS = 1_000_000

_CELL_ID = re.compile(r"^[a-zA-Z0-9-_]{1,64}$")
_NEW_CELL = {"code": new_code_cell, "markdown": new_markdown_cell, "raw": new_raw_cell}
_ID_PROBLEMS = {
    "missing": "had no id (saved by Colab, VS Code or Jupyter before nbformat 4.5)",
    "invalid": "had an invalid id (null, empty or not text)",
    "duplicated": "shared an id with an earlier cell",
}
_RESAVE = "open it in Jupyter, save it again and resubmit it"


@dataclasses.dataclass(frozen=True)
class Intake:
    """What became of a submitted notebook.

    Args:
        notebook: The repaired notebook (nbformat 4.5, valid), or `None`
            when nothing can be graded.
        problem: Why nothing can be graded, in plain words ("" when it can).
        repairs: What was repaired, one sentence each.
    """

    notebook: nbformat.NotebookNode | None
    problem: str = ""
    repairs: tuple[str, ...] = ()


class _Unreadable(Exception):
    """The bytes hold no notebook; the message is the reason."""


def read(data: bytes | str, *, name: str = "The notebook", reference=None) -> Intake:
    """Reads a submitted notebook leniently and repairs what it safely can.

    Args:
        data: The file's bytes (or text).
        name: How messages name the file, e.g. `"'functional_api_1.ipynb'"`.
        reference: The released notebook (`NotebookNode`), if known: it
            gives the grade cells' types and restores deleted grade cells.

    Returns:
        An `Intake`. It never raises: bytes that hold no notebook give an
        `Intake` with `notebook=None` and a `problem`.
    """
    notes: list[str] = []
    try:
        nb = _notebook(_json(data, name), name, notes)
        _grade_cells(nb, reference, notes)
        _normalise(nb, name, notes)
    except _Unreadable as reason:
        return Intake(None, str(reason), tuple(notes))
    except Exception as error:  # noqa: BLE001 - intake never raises, whatever the bytes
        return Intake(None, f"{name} is not a valid notebook ({type(error).__name__}); {_RESAVE}.")
    return Intake(nb, "", tuple(notes))


def _json(data: bytes | str, name: str):
    if isinstance(data, bytes):
        if not data.strip():
            raise _Unreadable(f"{name} is not a valid notebook: the file is empty.")
        try:
            data = data.decode("utf-16" if data[:2] in (b"\xff\xfe", b"\xfe\xff") else "utf-8-sig")
        except UnicodeDecodeError:
            reason = f"{name} is not a valid notebook: it is not text (a binary file?)."
            raise _Unreadable(reason) from None
    try:
        return json.loads(data)
    except json.JSONDecodeError as err:
        raise _Unreadable(
            f"{name} is not a valid notebook: its JSON is truncated or damaged ({err.msg} at "
            f"line {err.lineno}, column {err.colno}); {_RESAVE}."
        ) from None
    except (ValueError, RecursionError):
        raise _Unreadable(
            f"{name} is not a valid notebook: its JSON is damaged; {_RESAVE}."
        ) from None


def _notebook(raw, name: str, notes: list[str]) -> nbformat.NotebookNode:
    """A new nbformat 4.5 notebook holding what is usable of the `raw` JSON."""
    if not isinstance(raw, dict):
        raise _Unreadable(f"{name} is not a valid notebook: it holds JSON but no cells.")
    version = (raw.get("nbformat"), raw.get("nbformat_minor"))
    if version[0] == 3 or "worksheets" in raw:
        try:
            raw = nbformat.v4.upgrade(nbformat.from_dict(copy.deepcopy(raw)), from_version=3)
        except Exception:  # noqa: BLE001 - a damaged version-3 notebook
            raise _Unreadable(
                f"{name} is not a valid notebook: a damaged nbformat 3 notebook; {_RESAVE}."
            ) from None
    cells = raw.get("cells")
    if not isinstance(cells, list):
        raise _Unreadable(f"{name} is not a valid notebook: it holds JSON but no list of cells.")
    if version != (4, 5):
        shown = ".".join(str(v) for v in version if v is not None) or "unknown"
        notes.append(f"Read as nbformat 4.5 (saved as nbformat {shown}).")
    nb = new_notebook()
    if isinstance(raw.get("metadata", {}), dict):
        nb.metadata = nbformat.from_dict(copy.deepcopy(raw.get("metadata", {})))
    else:
        notes.append("The notebook's metadata was damaged; it was cleared.")
    seen: set[str] = set()
    ids = {"missing": 0, "invalid": 0, "duplicated": 0}
    for number, raw_cell in enumerate(cells, start=1):
        cell = _cell(raw_cell, number, notes)
        if cell is None:
            continue
        cell_id = raw_cell.get("id")
        problem = (
            "missing"
            if cell_id is None and "id" not in raw_cell
            else "invalid"
            if not isinstance(cell_id, str) or not _CELL_ID.match(cell_id)
            else "duplicated"
            if cell_id in seen
            else ""
        )
        if problem:
            ids[problem] += 1
            cell_id = random_cell_id()
            while cell_id in seen:
                cell_id = random_cell_id()
        cell.id = cell_id
        seen.add(cell_id)
        nb.cells.append(cell)
    for problem, count in ids.items():
        if count:
            notes.append(f"{count} cell(s) {_ID_PROBLEMS[problem]}; new ids given.")
    return nb


def _text(value) -> str | None:
    """Notebook text: a string or a list of strings; `None` if it is neither."""
    if isinstance(value, str):
        return value
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return "".join(value)
    return None


def _cell(raw, number: int, notes: list[str]):
    """A clean nbformat cell from one raw cell, or `None` if it holds nothing usable."""
    if not isinstance(raw, dict):
        notes.append(f"Cell {number} was not a notebook cell; it was left out.")
        return None
    source = _text(raw.get("source", ""))
    if source is None:
        notes.append(f"Cell {number} had a damaged source; it was left out.")
        return None
    kind = raw.get("cell_type")
    if kind not in _NEW_CELL:
        notes.append(f"Cell {number} had an unknown type {str(kind)[:20]!r}; it was kept as raw.")
        kind = "raw"
    cell = _NEW_CELL[kind](source=source)
    metadata = raw.get("metadata", {})
    if isinstance(metadata, dict):
        cell.metadata = nbformat.from_dict(copy.deepcopy(metadata))
    else:
        notes.append(f"Cell {number} had damaged metadata; it was cleared.")
    if kind == "code":
        count = raw.get("execution_count")
        valid = isinstance(count, int) and not isinstance(count, bool) and count >= 0
        cell.execution_count = count if valid else None
        cell.outputs, dropped = _outputs(raw.get("outputs"))
        if dropped:
            notes.append(
                f"Cell {number}: {dropped} output(s) dropped (malformed, or longer than "
                f"{MAX_OUTPUT_CHARS:,} characters); outputs are not graded."
            )
    elif "attachments" in raw:
        if _sound_attachments(raw["attachments"]):
            cell.attachments = nbformat.from_dict(copy.deepcopy(raw["attachments"]))
        else:
            notes.append(f"Cell {number} had damaged attachments; they were dropped.")
    return cell


def _sound_attachments(raw) -> bool:
    """True for nbformat's attachments: file name -> {MIME type -> text or lines}."""
    return isinstance(raw, dict) and all(
        isinstance(name, str)
        and isinstance(bundle, dict)
        and all(
            isinstance(mime, str)
            and (
                isinstance(data, str)
                or (isinstance(data, list) and all(isinstance(s, str) for s in data))
            )
            for mime, data in bundle.items()
        )
        for name, bundle in raw.items()
    )


def _outputs(raw) -> tuple[list, int]:
    """The valid, reasonably sized outputs of a code cell, and how many were dropped."""
    if not isinstance(raw, list):
        return [], int(raw is not None)
    kept = []
    for output in raw:
        try:
            if len(json.dumps(output)) > MAX_OUTPUT_CHARS:
                continue
            output = nbformat.from_dict(copy.deepcopy(output))
            validate_node(output, "output")
        except Exception:  # noqa: BLE001 - any malformed output is dropped
            continue
        kept.append(output)
    return kept, len(raw) - len(kept)


def _nbgrader(cell) -> dict:
    meta = cell.metadata.get("nbgrader")
    return meta if isinstance(meta, dict) else {}


def _grade_id(cell) -> str | None:
    """The grade id of an nbgrader answer, test or locked cell, else `None`."""
    meta = _nbgrader(cell)
    if not (meta.get("grade") or meta.get("solution") or meta.get("locked")):
        return None
    grade_id = meta.get("grade_id")
    return grade_id if isinstance(grade_id, str) and grade_id else None


def _role(cell) -> str:
    meta = _nbgrader(cell)
    if meta.get("solution"):
        return "answer cell"
    return "test cell" if meta.get("grade") else "locked cell"


def _grade_cells(nb, reference, notes: list[str]) -> None:
    """Applies nbgrader's rules to the grade cells: types, metadata, duplicates, deletions."""
    from nbgrader.nbgraderformat import MetadataValidator

    known = {_grade_id(c): c for c in (reference.cells if reference else []) if _grade_id(c)}
    validator = MetadataValidator()
    for number, cell in enumerate(nb.cells, start=1):
        if "nbgrader" not in cell.metadata:
            continue
        grade_id = _grade_id(cell)
        if grade_id and (not known or grade_id in known):
            kind = known[grade_id].cell_type if known else _nbgrader(cell).get("cell_type")
            if kind in _NEW_CELL and kind != cell.cell_type:
                notes.append(
                    f"The {_role(cell)} '{grade_id}' had been turned into {cell.cell_type}; "
                    f"it was turned back into {kind}."
                )
                nb.cells[number - 1] = cell = _retyped(cell, kind)
        try:
            if grade_id and known and grade_id not in known:
                raise ValueError(f"grade id {grade_id!r} is not in the released notebook")
            validator.validate_cell(validator.upgrade_cell_metadata(copy.deepcopy(cell)))
            cell.metadata = validator.upgrade_cell_metadata(cell).metadata
        except Exception as error:  # noqa: BLE001 - any damage to nbgrader's metadata
            del cell.metadata["nbgrader"]
            detail = str(error).splitlines()[0][:120] if str(error) else type(error).__name__
            notes.append(
                f"Cell {number}: its nbgrader metadata was damaged ({detail}); "
                "it was treated as an ordinary cell."
            )
    _deduplicate(nb, notes)
    if reference:
        _restore(nb, reference, known, notes)


def _retyped(cell, kind: str):
    new = _NEW_CELL[kind](source=cell.source)
    new.metadata, new.id = cell.metadata, cell.id  # invalid metadata is stripped later
    return new


def _deduplicate(nb, notes: list[str]) -> None:
    """nbgrader's `DeduplicateIds`: the last copy of a grade id keeps it."""
    seen: dict[str, int] = {}
    kept = []
    for cell in reversed(nb.cells):
        grade_id = _grade_id(cell)
        if grade_id is None:
            kept.append(cell)
            continue
        seen[grade_id] = seen.get(grade_id, 0) + 1
        if seen[grade_id] == 1:
            kept.append(cell)
        elif _role(cell) != "test cell":
            del cell.metadata["nbgrader"]  # stays, as ordinary code or text
            kept.append(cell)
    roles = {_grade_id(c): _role(c) for c in kept if _grade_id(c)}
    for grade_id, count in reversed(seen.items()):
        if count == 1:
            continue
        what = {
            "answer cell": "all copies stay code and run top to bottom, so the last "
            "definition is graded",
            "test cell": "it is counted once",
        }.get(roles[grade_id], "the last copy is kept")
        notes.append(f"The {roles[grade_id]} '{grade_id}' appeared {count} times; {what}.")
    nb.cells = kept[::-1]


def _restore(nb, reference, known: dict, notes: list[str]) -> None:
    """nbgrader's `add_missing_cells`: deleted answer and test cells come back."""
    present = {_grade_id(c): i for i, c in enumerate(nb.cells) if _grade_id(c)}
    order = list(known)
    if [g for g in order if g in present] != sorted(present, key=present.get):
        notes.append("Grade cells are not in the released order; each is graded all the same.")
    for position, grade_id in enumerate(order):
        if grade_id in present or _role(known[grade_id]) == "locked cell":
            continue
        cell = copy.deepcopy(known[grade_id])
        cell.id = random_cell_id()
        if _role(cell) == "answer cell":
            cell.source = "# This answer cell was missing from the submission: restored empty.\n"
            notes.append(
                f"The answer cell '{grade_id}' was missing; it was restored empty, so the "
                "code elsewhere in the notebook is graded."
            )
        else:
            notes.append(
                f"The test cell '{grade_id}' was missing; it was restored from the release."
            )
        before = [present[g] for g in order[:position] if g in present]
        at = max(before) + 1 if before else len(nb.cells)
        nb.cells.insert(at, cell)
        present = {_grade_id(c): i for i, c in enumerate(nb.cells) if _grade_id(c)}


def _normalise(nb, name: str, notes: list[str]) -> None:
    """nbformat's normalisation: invalid metadata stripped; the result validates."""
    changes, fixed = nbformat.validator.normalize(nb, 4, 5, strip_invalid_metadata=True)
    if changes:
        notes.append(f"{changes} invalid metadata entr{'y' if changes == 1 else 'ies'} removed.")
        nb.update(nbformat.from_dict(fixed))
    if not nbformat.validator.isvalid(nb):
        nb.metadata = nbformat.from_dict(
            {k: v for k, v in nb.metadata.items() if k in ("kernelspec", "language_info")}
        )
        for cell in nb.cells:
            cell.metadata = nbformat.from_dict(
                {k: v for k, v in cell.metadata.items() if k == "nbgrader"}
            )
        notes.append("Other invalid metadata was cleared.")
    if not nbformat.validator.isvalid(nb):
        raise _Unreadable(f"{name} is not a valid notebook and cannot be repaired; {_RESAVE}.")
