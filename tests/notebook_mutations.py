"""Ways a submitted notebook gets mangled, for the fuzzed intake tests.

Each mutation changes a `Mutant` (the raw JSON of a notebook, cell by cell)
the way a student, a front end or a broken upload might, and records which
exercises it may have damaged. Mutations draw their choices from a `Picker`,
so the same functions serve Hypothesis (`DrawPicker`) and the fixed-seed
sample graded end to end (`RandomPicker`).
"""

from __future__ import annotations

import base64
import copy
import dataclasses
import json
import random

from autograder.nbgrader.grade_ids import Part

#: Every exercise (the damage marker of cells all exercises depend on, like the imports).
ALL = "*"


class RandomPicker:
    """Choices from a seeded `random.Random`."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)

    def choice(self, options):
        return self.rng.choice(list(options))

    def text(self) -> str:
        return self.choice(["x = 1\n", "print('hello')\n", "# a note\n", "**bold**", "1 +"])


class DrawPicker:
    """Choices drawn by Hypothesis (`st.data()`), so failures shrink."""

    def __init__(self, data):
        from hypothesis import strategies as st

        self.data, self.st = data, st

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(self.st.integers(low, high))

    def choice(self, options):
        return self.data.draw(self.st.sampled_from(list(options)))

    def text(self) -> str:
        return self.data.draw(self.st.text(max_size=40))


def _owner(cell) -> str | None:
    """The exercise a cell belongs to (`ALL` for locked code all need), else `None`."""
    meta = cell.get("metadata", {}).get("nbgrader", {}) if isinstance(cell, dict) else {}
    grade_id = meta.get("grade_id", "") if isinstance(meta, dict) else ""
    for suffix in (f"_{p}" for p in Part):
        if isinstance(grade_id, str) and grade_id.endswith(suffix):
            return grade_id.removesuffix(suffix)
    if isinstance(meta, dict) and meta.get("locked") and cell.get("cell_type") == "code":
        return ALL
    return None


@dataclasses.dataclass
class Mutant:
    """A notebook's JSON being mangled, and what the mangling may have damaged.

    Args:
        notebook: The notebook as plain JSON data.
        owners: For each cell, the exercise whose cell it was (see `_owner`).
        damaged: Exercises whose cells a mutation changed in a way that may
            cost points (`ALL` for all of them).
        truncate: Keep only this fraction of the file's bytes (1: all).
        steps: What was done, for failure messages.
    """

    notebook: dict
    owners: list = dataclasses.field(default_factory=list)
    damaged: set = dataclasses.field(default_factory=set)
    truncate: float = 1.0
    steps: list = dataclasses.field(default_factory=list)

    @classmethod
    def of(cls, notebook: dict) -> Mutant:
        notebook = copy.deepcopy(notebook)
        return cls(notebook, [_owner(c) for c in notebook["cells"]])

    @property
    def cells(self) -> list:
        return self.notebook["cells"]

    def damage(self, index: int) -> None:
        if self.owners[index]:
            self.damaged.add(self.owners[index])

    def intact(self, exercise_id: str) -> bool:
        return self.truncate == 1.0 and not self.damaged & {exercise_id, ALL}

    def to_bytes(self) -> bytes:
        data = json.dumps(self.notebook, ensure_ascii=False, indent=1).encode()
        return data[: int(len(data) * self.truncate)]


def drop(m: Mutant, pick) -> None:
    i = pick.integer(0, len(m.cells) - 1)
    m.damage(i)
    del m.cells[i], m.owners[i]


def duplicate(m: Mutant, pick) -> None:
    i = pick.integer(0, len(m.cells) - 1)
    j = pick.integer(i + 1, len(m.cells))  # the copy comes later, as when pasting below
    m.cells.insert(j, copy.deepcopy(m.cells[i]))
    m.owners.insert(j, m.owners[i])


def move(m: Mutant, pick) -> None:
    i, j = pick.integer(0, len(m.cells) - 1), pick.integer(0, len(m.cells) - 1)
    m.cells.insert(j, m.cells.pop(i))
    m.owners.insert(j, m.owners.pop(i))


def retype(m: Mutant, pick) -> None:
    i = pick.integer(0, len(m.cells) - 1)
    cell = m.cells[i]
    kind = pick.choice(["code", "markdown", "raw"])
    if not isinstance(cell, dict) or cell.get("cell_type") == kind:
        return
    if not isinstance(cell.get("metadata"), dict) or "nbgrader" not in cell["metadata"]:
        m.damage(i)  # nothing says what the type was
    cell["cell_type"] = kind
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    else:
        cell.pop("outputs", None), cell.pop("execution_count", None)


def strip_metadata(m: Mutant, pick) -> None:
    i = pick.integer(0, len(m.cells) - 1)
    m.damage(i)
    if isinstance(m.cells[i], dict):
        m.cells[i]["metadata"] = {}


def garble_nbgrader(m: Mutant, pick) -> None:
    i = pick.integer(0, len(m.cells) - 1)
    m.damage(i)
    junk = pick.choice(
        [
            None,
            "nbgrader",
            {"grade": True},
            {"grade": "yes", "grade_id": 3, "locked": True, "solution": False},
            {"grade": True, "solution": False, "locked": True, "grade_id": "", "points": 1},
            {"schema_version": 99, "grade": False, "solution": True, "locked": False},
        ]
    )
    if isinstance(m.cells[i], dict) and isinstance(m.cells[i].get("metadata"), dict):
        m.cells[i]["metadata"]["nbgrader"] = junk
    elif isinstance(m.cells[i], dict):
        m.cells[i]["metadata"] = {"nbgrader": junk}


def garble_cell(m: Mutant, pick) -> None:
    """Damage outside nbgrader's metadata: front-end keys of the wrong type, odd ids, forms."""
    i = pick.integer(0, len(m.cells) - 1)
    cell = m.cells[i]
    if not isinstance(cell, dict):
        return
    what = pick.choice(["tags", "collapsed", "id_null", "id_bad", "id_shared", "source_str"])
    meta = cell.setdefault("metadata", {}) if isinstance(cell.get("metadata"), dict) else {}
    if what == "tags":
        meta["tags"] = 3
    elif what == "collapsed":
        meta.update(collapsed="yes", scrolled=7, jupyter={"source_hidden": "no"})
    elif what == "id_null":
        cell["id"] = None
    elif what == "id_bad":
        cell["id"] = pick.choice(["", "has space", 12, "x" * 80])
    elif what == "id_shared":
        cell["id"] = m.cells[0].get("id") if isinstance(m.cells[0], dict) else "shared"
    elif isinstance(cell.get("source"), list):
        cell["source"] = "".join(cell["source"])
    elif isinstance(cell.get("source"), str):
        cell["source"] = cell["source"].splitlines(keepends=True)


def version(m: Mutant, pick) -> None:
    """Another nbformat 4 minor version; before 4.5 cells have no ids (older front ends)."""
    minor = pick.integer(0, 5)
    m.notebook["nbformat_minor"] = minor
    if minor < 5 or pick.integer(0, 1):
        for cell in m.cells:
            if isinstance(cell, dict):
                cell.pop("id", None)


def garble_top(m: Mutant, pick) -> None:
    key, value = pick.choice(
        [
            ("metadata", "none"),
            ("metadata", {"kernelspec": {"name": 3}}),
            ("metadata", {"colab": {"provenance": []}, "language_info": {"name": "python"}}),
            ("nbformat_minor", None),
            ("extra", {"x": 1}),
        ]
    )
    m.notebook[key] = value


def add_output(m: Mutant, pick) -> None:
    i = pick.integer(0, len(m.cells) - 1)
    cell = m.cells[i]
    if not isinstance(cell, dict) or cell.get("cell_type") != "code":
        return
    png = base64.b64encode(bytes(range(256)) * 4).decode()
    output = pick.choice(
        [
            {"output_type": "stream", "name": "stdout", "text": "ok\n"},
            {"output_type": "stream", "name": "stdout", "text": "x" * 1_200_000},
            {"output_type": "display_data", "data": {"image/png": png}, "metadata": {}},
            {
                "output_type": "display_data",
                "data": {"text/plain": "\x00\x01\ufffd"},
                "metadata": {},
            },
            {"output_type": "stream"},
            {"output_type": "telepathy", "text": 1},
            42,
        ]
    )
    if isinstance(cell.get("outputs"), list):
        cell["outputs"].append(output)
    else:
        cell["outputs"] = [output]


def insert(m: Mutant, pick) -> None:
    i = pick.integer(0, len(m.cells))
    kind = pick.choice(["code", "markdown", "raw", "heading", None])
    cell = {"cell_type": kind, "metadata": {}, "source": pick.text()}
    if kind == "code":
        cell.update(outputs=[], execution_count=None)
    m.cells.insert(i, pick.choice([cell, cell, "not a cell", None]))
    m.owners.insert(i, None)


def truncate(m: Mutant, pick) -> None:
    m.truncate = pick.choice([0.0, 0.1, 0.5, 0.9, 0.999])


#: name -> mutation; each takes a `Mutant` and a picker.
MUTATIONS = {
    f.__name__: f
    for f in (
        drop,
        duplicate,
        move,
        retype,
        strip_metadata,
        garble_nbgrader,
        garble_cell,
        version,
        garble_top,
        add_output,
        insert,
        truncate,
    )
}


def mutate(notebook: dict, pick, steps: int) -> Mutant:
    """A `Mutant` of `notebook` after `steps` mutations chosen by `pick`."""
    mutant = Mutant.of(notebook)
    for _ in range(steps):
        name = pick.choice(sorted(MUTATIONS))
        if mutant.cells or name in ("insert", "version", "garble_top", "truncate"):
            mutant.steps.append(name)
            MUTATIONS[name](mutant, pick)
    return mutant


def _grade_id(cell) -> str:
    return cell["metadata"].get("nbgrader", {}).get("grade_id", "")


def _try_cell(nb) -> dict:
    """The first ungraded code cell (where learners try their model)."""
    return next(c for c in nb["cells"] if c["cell_type"] == "code" and not _grade_id(c))


def null_id(nb) -> None:
    _try_cell(nb)["id"] = None


def colab_4_0(nb) -> None:
    """Colab keeps ids in each cell's metadata and saves nbformat 4.0."""
    nb.update(nbformat_minor=0, metadata={"colab": {"provenance": []}})
    for cell in nb["cells"]:
        cell["metadata"]["id"] = cell.pop("id")


def jupyter_4_4(nb) -> None:
    """Jupyter before nbformat 4.5: no cell ids."""
    nb["nbformat_minor"] = 4
    for cell in nb["cells"]:
        del cell["id"]


def ids_in_4_4(nb) -> None:
    nb["nbformat_minor"] = 4  # ids kept, which 4.4 does not allow


def _retyped(kind: str):
    def change(nb) -> None:
        for cell in nb["cells"]:
            if _grade_id(cell) == "functional_mlp_answer":
                cell["cell_type"] = kind
                del cell["outputs"], cell["execution_count"]
                cell["source"] = cell["source"].splitlines(keepends=True)

    return change


def huge_output(nb) -> None:
    _try_cell(nb)["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "x" * 2**21}]


#: Notebooks as other front ends save a correct submission: name -> change of its JSON.
VARIANTS = {
    "null_id": null_id,
    "colab_4_0": colab_4_0,
    "jupyter_4_4": jupyter_4_4,
    "ids_in_4_4": ids_in_4_4,
    "markdown_answer": _retyped("markdown"),
    "raw_answer": _retyped("raw"),
    "huge_output": huge_output,
}
