"""A class of hostile and clumsy submissions, graded with `python -m autograder grade`.

Each student's notebook misbehaves in one way, in the `functional_mlp`
answer (or in the notebook file itself); its `qa_model` answer is correct.
Every submission must get a grade and every lost point a reason; the
misbehaviour may cost the affected exercise, never another exercise or
another student.
"""

from __future__ import annotations

import json
import sqlite3

import nbformat
import pytest

from autograder import isolation
from autograder.nbgrader.grade_class import grade_class
from autograder.nbgrader.report import silent_zeros
from tests.conftest import ROOT
from tools import build_course, demo

pytestmark = pytest.mark.xdist_group("hostile")
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


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    if not isolation.available():
        pytest.skip("no user namespaces on this machine: learner code cannot be walled off")
    course = tmp_path_factory.mktemp("class")
    demo.prepare(course, [ASSIGNMENT])
    for student, (change, _, files) in HOSTILE.items():
        _write(course, student, change, files)
    report = grade_class(course, ASSIGNMENT, workers=2, timeout=45, memory_gib=2, progress=False)
    return course, report


def _points(report, student):
    cells = report["students"][student]["points"]
    return {e: sum(v for c, v in cells.items() if c.startswith(e + "_")) for e in FULL}


@pytest.mark.parametrize("student", sorted(HOSTILE))
def test_each_submission_gets_its_grade_and_a_reason(graded, student):
    _, report = graded
    assert _points(report, student) == HOSTILE[student][1], report["students"][student]
    data = report["students"][student]
    for exercise, points in _points(report, student).items():
        if points < FULL[exercise]:
            assert data["reasons"], f"{student} lost points on {exercise} without a reason"


def test_no_student_gets_a_silent_zero(graded):
    course, _ = graded
    assert silent_zeros(course, ASSIGNMENT) == []


def test_the_gradebook_holds_every_student_and_was_not_tampered_with(graded):
    course, report = graded
    db = sqlite3.connect(course / "gradebook.db")
    assert not db.execute("select count(*) from grade where manual_score = 99").fetchone()[0]
    students = {row[0] for row in db.execute("select id from student")}
    assert set(HOSTILE) <= students


def test_grading_again_changes_nothing(graded):
    course, report = graded
    again = grade_class(course, ASSIGNMENT, workers=2, timeout=45, memory_gib=2, progress=False)
    assert {s: d["points"] for s, d in again["students"].items()} == {
        s: d["points"] for s, d in report["students"].items()
    }
    assert again["seconds"]["judge"] < report["seconds"]["judge"]


def test_the_report_is_written_for_the_instructor(graded):
    course, report = graded
    saved = json.loads((course / "reports" / f"{ASSIGNMENT}.json").read_text(encoding="utf-8"))
    assert saved["students"].keys() == report["students"].keys()
    assert "zoë_ünïcode" in saved["students"]
