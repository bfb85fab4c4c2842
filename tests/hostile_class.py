"""The hostile class: seventeen students whose `functional_mlp` answers (or notebook
files) misbehave, each in one way, while their `qa_model` answers are correct.

`tests/test_hostile.py` grades it with the local pool and `tests/test_dask.py`
through Dask workers; both read the local pool's grades from one session
fixture (`hostile_graded` in `tests/conftest.py`), so the class is graded
locally once per session.
"""

from __future__ import annotations

import pathlib

import nbformat

from tests.conftest import ROOT
from tools import build_course

ASSIGNMENT = "functional_api_1"
MLP = build_course.solution_source("functional_mlp")
FULL = {"functional_mlp": 3, "qa_model": 3}
NO_MLP = {"functional_mlp": 0, "qa_model": 3}
NOTHING = {"functional_mlp": 0, "qa_model": 0}
#: A wrong answer that fails every check: 16 hidden units, whatever the arguments say.
WRONG_MLP = MLP.replace("hidden_units, activation", "16, activation")


def _answer(mlp_source: str):
    def change(nb):
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "functional_mlp_answer":
                cell.source = mlp_source
        return nb

    return change


def _edit_locked_test_cell(nb):
    for cell in nb.cells:
        if cell.metadata.get("nbgrader", {}).get("grade_id") == "functional_mlp_structure":
            cell.source = "pass  # the tests are gone"
    return _answer(WRONG_MLP)(nb)


def _delete_grade_cells(nb):
    nb.cells = [
        c
        for c in nb.cells
        if not c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("functional_mlp_")
        or c.metadata["nbgrader"]["grade_id"] == "functional_mlp_answer"
    ]
    return _answer(WRONG_MLP)(nb)


#: student id -> (how the released notebook is changed, expected points, extra files)
HOSTILE = {
    "reference": (_answer(MLP), FULL, {}),
    "endless_loop": (
        _answer(
            "def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):\n"
            "    while True:\n        pass"
        ),
        NO_MLP,
        {},
    ),
    "long_sleep": (_answer("import time\ntime.sleep(10**6)\n" + MLP), NO_MLP, {}),
    "os_exit": (_answer("import os\nos._exit(0)\n" + MLP), NO_MLP, {}),
    "kills_itself": (
        _answer(
            "import os, signal\n"
            "def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):\n"
            "    os.kill(os.getpid(), signal.SIGKILL)"
        ),
        NO_MLP,
        {},
    ),
    "eats_memory": (
        _answer(
            "def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):\n"
            "    hoard = [bytearray(256 * 1024**2) for _ in range(40)]\n"
            "    return hoard"
        ),
        NO_MLP,
        {},
    ),
    "stderr_flood": (
        _answer(
            "import sys\nfor _ in range(20000):\n    print('E' * 200, file=sys.stderr)\n" + MLP
        ),
        FULL,
        {},
    ),
    "stdout_megabytes": (_answer("print('x' * 8_000_000)\n" + MLP), FULL, {}),
    "patches_the_checks": (
        _answer(
            "import keras, autograder.notebook, autograder.api\n"
            "autograder.notebook.check = lambda *a, **k: []\n"
            "autograder.api.check_cells = lambda *a, **k: {}\n"
            "keras.Model.count_params = lambda self: 3466\n" + WRONG_MLP
        ),
        NO_MLP,
        {},
    ),
    "edits_locked_test_cell": (_edit_locked_test_cell, NO_MLP, {}),
    "deletes_grade_cells": (_delete_grade_cells, NO_MLP, {}),
    "reads_solution": (
        _answer(f"exec(open({str(ROOT / 'solutions' / 'functional_mlp.py')!r}).read())"),
        NO_MLP,
        {},
    ),
    "writes_gradebook": (
        _answer(
            "import sqlite3, glob\n"
            "for db in glob.glob('/tmp/**/gradebook.db', recursive=True):\n"
            "    try:\n"
            "        sqlite3.connect(db).execute('update grade set manual_score = 99')\n"
            "    except Exception:\n"
            "        pass\n" + WRONG_MLP
        ),
        NO_MLP,
        {},
    ),
    "leaves_a_daemon": (
        _answer(
            "import subprocess\nsubprocess.Popen(['sleep', '600'], start_new_session=True)\n" + MLP
        ),
        FULL,
        {},
    ),
    "shadows_keras": (_answer(MLP), FULL, {"keras.py": "raise SystemExit('shadowed')\n"}),
    "zoë_ünïcode": (_answer(MLP), FULL, {"résumé des idées.txt": "bonjour\n"}),
    "corrupt_json": (None, NOTHING, {}),
    "missing_notebook": (None, NOTHING, {}),
}


def _write(course, student, change, files):
    release = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    folder = course / "submitted" / student / ASSIGNMENT
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    path = folder / f"{ASSIGNMENT}.ipynb"
    if student == "corrupt_json":
        path.write_text('{"cells": [ this is not json', encoding="utf-8")
    elif student == "missing_notebook":
        (folder / "my_notebook_renamed.ipynb").write_text("{}", encoding="utf-8")
    else:
        nb = change(nbformat.read(release, as_version=4))
        qa = build_course.solution_source("qa_model")
        for cell in nb.cells:
            if cell.metadata.get("nbgrader", {}).get("grade_id") == "qa_model_answer":
                cell.source = qa
        nbformat.write(nb, path)


def make_class(course: pathlib.Path, prepared, students=None) -> pathlib.Path:
    """The released assignment and the submissions of `students` (default: all of
    `HOSTILE`) in a new course folder `course`, copied from `prepared` (the session's
    `PreparedCourses`, which builds and releases the assignment once)."""
    prepared.copy([ASSIGNMENT], course)
    for student in students or HOSTILE:
        change, _, files = HOSTILE[student]
        _write(course, student, change, files)
    return course


def points(report: dict, student: str) -> dict:
    """Points per exercise of one student in a `grade` report."""
    cells = report["students"][student]["points"]
    return {e: sum(v for c, v in cells.items() if c.startswith(e + "_")) for e in FULL}
