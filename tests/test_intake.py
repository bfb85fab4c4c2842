"""The intake layer alone, without TensorFlow: any bytes give a notebook and repairs, or a reason.

Property-based tests (Hypothesis) mangle a correct submission of the
released `functional_api_1` as students and front ends do
(`tests/notebook_mutations.py`) and at random; examples pin down each kind
of repair. `test_intake_class.py` sends a sample of the same mutants through
`python -m autograder grade`.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nbgrader.nbgraderformat import MetadataValidator

from autograder import intake
from autograder.nbgrader.grade_class import find_submissions
from autograder.nbgrader.grade_ids import Part
from autograder.submission import SubmissionError, notebook_cells, read_cells
from tests import notebook_mutations
from tests.conftest import ROOT, SHARED
from tools import build_course

ASSIGNMENT = "functional_api_1"
EXERCISES = ("functional_mlp", "qa_model")
CASES = SHARED / "notebook-cases"
DUPLICATED = CASES / "01_duplicated_grade_cells/submitted/dup_student" / ASSIGNMENT
RENAMED = CASES / "02_renamed_notebook/submitted/renamed_student" / ASSIGNMENT
NAME = "'functional_api_1.ipynb'"
#: The message of intake's last-resort guard: a bug in intake, never a plain reason.
FALLBACK = re.compile(r"is not a valid notebook \(\w+\);")
FUZZ = settings(
    max_examples=300,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def correct_submission(release_path) -> dict:
    """The released notebook's JSON with the reference solution in every answer cell."""
    notebook = json.loads(release_path.read_text(encoding="utf-8"))
    for cell in notebook["cells"]:
        grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("_answer"):
            cell["source"] = build_course.solution_source(grade_id.removesuffix("_answer"))
    return notebook


@pytest.fixture(scope="module")
def release_path(released_course):
    return released_course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"


@pytest.fixture(scope="module")
def release(release_path):
    return nbformat.read(release_path, as_version=4)


@pytest.fixture(scope="module")
def correct(release_path) -> dict:
    return correct_submission(release_path)


@pytest.fixture(scope="module")
def answer_code(correct) -> dict:
    """Exercise id -> its answer as the sandbox runs it."""
    nb = nbformat.from_dict(correct)
    return {
        e: notebook_cells([c for c in nb.cells if grade_id(c) == f"{e}_answer"])[0].source
        for e in EXERCISES
    }


def grade_id(cell) -> str:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta.get("grade_id", "") if isinstance(meta, dict) else ""


def assert_sound(result: intake.Intake, name: str = NAME) -> None:
    """Either a valid notebook nbgrader accepts, with learner code; or one plain reason."""
    if result.notebook is None:
        assert result.problem.startswith(name), result.problem
        assert "\n" not in result.problem and not FALLBACK.search(result.problem), result.problem
        return
    assert result.problem == ""
    nbformat.validate(result.notebook)
    MetadataValidator().validate_nb(result.notebook)  # what nbgrader's sanitising checks
    notebook_cells(result.notebook.cells)
    assert all(isinstance(r, str) and r for r in result.repairs)


def assert_intact(result: intake.Intake, exercise: str, answer_code: dict) -> None:
    """The exercise's answer is among the learner code; each of its grade cells is there once."""
    assert result.notebook is not None, result.problem
    code = [c.source for c in notebook_cells(result.notebook.cells)]
    assert answer_code[exercise] in code, exercise
    ids = [grade_id(c) for c in result.notebook.cells]
    for part in tuple(Part):
        assert ids.count(f"{exercise}_{part}") == 1, (exercise, part, ids)


@FUZZ
@given(data=st.data())
def test_mangled_submissions_give_code_or_a_reason(data, correct, release, answer_code):
    picker = notebook_mutations.DrawPicker(data)
    mutant = notebook_mutations.mutate(correct, picker, picker.integer(1, 6))
    result = intake.read(mutant.to_bytes(), name=NAME, reference=release)
    assert_sound(result)
    for exercise in EXERCISES:
        if mutant.intact(exercise):
            assert_intact(result, exercise, answer_code)


@FUZZ
@given(data=st.binary(max_size=4000))
def test_any_bytes_give_a_notebook_or_a_reason(data, release):
    assert_sound(intake.read(data, name=NAME, reference=release))


@FUZZ
@given(
    edits=st.lists(
        st.tuples(st.floats(0, 1), st.integers(0, 40), st.binary(max_size=8)), max_size=5
    )
)
def test_corrupted_bytes_give_a_notebook_or_a_reason(edits, correct, release):
    """Byte-level damage (a bad upload, an editor crash): spans replaced at random."""
    data = bytearray(json.dumps(correct, indent=1).encode())
    for where, length, new in edits:
        at = int(where * len(data))
        data[at : at + length] = new
    assert_sound(intake.read(bytes(data), name=NAME, reference=release))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=30,
)


@settings(FUZZ, max_examples=100)
@given(cells=st.lists(JSON, max_size=6), top=st.dictionaries(st.text(max_size=15), JSON))
def test_any_json_gives_a_notebook_or_a_reason(cells, top, release):
    for data in (json.dumps(cells), json.dumps({**top, "cells": cells}), json.dumps(top)):
        assert_sound(intake.read(data.encode(), name=NAME, reference=release))


def test_pasted_twice_answers_all_run_and_the_test_cell_counts_once(answer_code):
    result = intake.read((DUPLICATED / f"{ASSIGNMENT}.ipynb").read_bytes(), name=NAME)
    assert_sound(result)
    ids = [grade_id(c) for c in result.notebook.cells]
    assert ids.count("functional_mlp_answer") == ids.count("functional_mlp_structure") == 1
    mlp = [
        c for c in notebook_cells(result.notebook.cells) if "def build_functional_mlp" in c.source
    ]
    assert len(mlp) == 2  # run top to bottom: the later, corrected definition wins
    assert any("'functional_mlp_answer' appeared 2 times" in r for r in result.repairs)
    assert any("'functional_mlp_structure' appeared 2 times" in r for r in result.repairs)
    assert read_cells(DUPLICATED / f"{ASSIGNMENT}.ipynb") == notebook_cells(result.notebook.cells)


def test_a_clean_notebook_needs_no_repair(release_path, release):
    result = intake.read((RENAMED / f"{ASSIGNMENT} (1).ipynb").read_bytes(), reference=release)
    assert result.notebook is not None and result.repairs == ()
    assert intake.read(release_path.read_bytes(), reference=release).repairs == ()


#: Front-end variant (`notebook_mutations.VARIANTS`) -> words of the repair note it gets.
REPAIRS = {
    "null_id": "1 cell(s) had an invalid id (null",
    "colab_4_0": "Read as nbformat 4.5 (saved as nbformat 4.0)",
    "jupyter_4_4": "had no id",
    "ids_in_4_4": "Read as nbformat 4.5 (saved as nbformat 4.4)",
    "markdown_answer": "'functional_mlp_answer' had been turned into markdown",
    "raw_answer": "'functional_mlp_answer' had been turned into raw",
    "huge_output": "1 output(s) dropped",
}


@pytest.mark.parametrize("variant", sorted(notebook_mutations.VARIANTS))
def test_front_end_variants_are_repaired_with_a_note(
    correct, release, answer_code, variant, tmp_path
):
    notebook = json.loads(json.dumps(correct))
    notebook_mutations.VARIANTS[variant](notebook)
    repair = REPAIRS[variant]
    for reference in (release, None):  # class grading, and `autograder check`
        result = intake.read(json.dumps(notebook).encode(), name=NAME, reference=reference)
        assert_sound(result)
        assert any(repair in r for r in result.repairs), result.repairs
        for exercise in EXERCISES:
            assert_intact(result, exercise, answer_code)
    path = tmp_path / f"{ASSIGNMENT}.ipynb"
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert answer_code["functional_mlp"] in [c.source for c in read_cells(path)]


def test_deleted_grade_cells_come_back_from_the_release(correct, release, answer_code):
    notebook = json.loads(json.dumps(correct))
    notebook["cells"] = [
        c for c in notebook["cells"] if not grade_id(c).startswith("functional_mlp_")
    ]
    result = intake.read(json.dumps(notebook).encode(), name=NAME, reference=release)
    assert_sound(result)
    ids = [grade_id(c) for c in result.notebook.cells]
    assert all(ids.count(f"functional_mlp_{p}") == 1 for p in tuple(Part))
    assert any(
        "'functional_mlp_answer' was missing; it was restored empty" in r for r in result.repairs
    )
    assert any(
        "'functional_mlp_behaviour' was missing; it was restored" in r for r in result.repairs
    )
    assert answer_code["functional_mlp"] not in [
        c.source for c in notebook_cells(result.notebook.cells)
    ]
    assert_intact(result, "qa_model", answer_code)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b'{"cells": [ {"cell_type": "code", "sou', "its JSON is truncated or damaged"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\xff\xd8", "it is not text"),
        (b"[1, 2, 3]", "it holds JSON but no cells"),
        (b'{"nbformat": 4, "metadata": {}}', "no list of cells"),
        (b"def build_functional_mlp():\n    pass\n", "its JSON is truncated or damaged"),
        (b"[" * 100_000, "its JSON is damaged"),
    ],
    ids=["empty", "truncated", "binary", "list", "no-cells", "python", "deep"],
)
def test_what_holds_no_notebook_gets_a_plain_reason(data, reason):
    result = intake.read(data, name=NAME)
    assert result.notebook is None and reason in result.problem, result.problem
    assert_sound(result)


def test_read_cells_keeps_its_contract_for_unreadable_notebooks(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_bytes(b'{"cells": [')
    with pytest.raises(SubmissionError, match="broken.ipynb is not a valid notebook"):
        read_cells(path)


@pytest.mark.parametrize(
    ("files", "graded", "words"),
    [
        ([f"{ASSIGNMENT} (1).ipynb"], f"{ASSIGNMENT} (1).ipynb", "Graded from"),
        (
            ["Copy of functional_api_1.ipynb", "scratch.ipynb"],
            "Copy of functional_api_1.ipynb",
            "also there: 'scratch.ipynb'",
        ),
        (["a.ipynb", "b.ipynb"], None, "the folder holds 'a.ipynb', 'b.ipynb'"),
        (["notes.txt"], None, "nor any other notebook"),
    ],
    ids=["browser-copy", "best-of-two", "ambiguous", "none"],
)
def test_a_notebook_under_another_name_is_graded_or_named(
    released_course, tmp_path, files, graded, words
):
    course = tmp_path / "course"
    course.mkdir()
    shutil.copy(released_course / "gradebook.db", course / "gradebook.db")
    folder = course / "submitted" / "student" / ASSIGNMENT
    folder.mkdir(parents=True)
    for name in files:
        (folder / name).write_text("{}", encoding="utf-8")
    [sub] = find_submissions(course, ASSIGNMENT)
    if graded:
        assert sub.path.name == graded and not sub.problem
        assert any(words in note for note in sub.intake), sub.intake
    else:
        assert words in sub.problem and not sub.intake, sub.problem


def test_intake_does_not_import_tensorflow():
    code = (
        "import sys, autograder.intake; sys.exit(len({'tensorflow', 'keras'} & set(sys.modules)))"
    )
    assert subprocess.run([sys.executable, "-c", code], cwd=ROOT).returncode == 0
