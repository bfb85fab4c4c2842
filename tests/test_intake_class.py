"""Odd notebooks through `python -m autograder grade`: one class, graded once.

The class holds the two notebook cases of `../shared/notebook-cases/`, a
correct submission as other front ends save it (`VARIANTS`), and a
fixed-seed sample of the fuzzed mutants of `test_intake.py`. No student may
get a silent zero, and an exercise no mutation touched keeps full points.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import shutil

import pytest

from autograder.nbgrader.grade_class import grade_class
from autograder.nbgrader.report import gradebook_scores, silent_zeros
from tests import notebook_mutations
from tests.conftest import SHARED, run_cli
from tests.test_intake import ASSIGNMENT, EXERCISES, correct_submission

pytestmark = pytest.mark.xdist_group("intake_class")
CASES = SHARED / "notebook-cases"
SEED, MUTANTS = 1, 10
FULL = 3  # points per exercise


def _copy_cases(course):
    for case in sorted(CASES.glob("*/submitted")):
        shutil.copytree(
            case, course / "submitted", dirs_exist_ok=True, copy_function=shutil.copyfile
        )
    for folder, _, _ in os.walk(course / "submitted"):
        os.chmod(folder, 0o755)  # the cases are read-only; the copies need not be


def _fingerprint(course) -> dict:
    return {
        str(p.relative_to(course)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted((course / "submitted").rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def graded(released_course, tmp_path_factory):
    course = tmp_path_factory.mktemp("intake_class") / "course"
    shutil.copytree(released_course, course)
    _copy_cases(course)
    release = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    correct = correct_submission(release)
    notebooks = {}
    for name, change in notebook_mutations.VARIANTS.items():
        notebook = json.loads(json.dumps(correct))
        change(notebook)
        notebooks[f"variant_{name}"] = json.dumps(notebook).encode()
    picker = notebook_mutations.RandomPicker(SEED)
    mutants = {}
    for number in range(MUTANTS):
        mutant = notebook_mutations.mutate(correct, picker, picker.integer(1, 4))
        mutants[f"mutant_{number:02d}"] = mutant
        notebooks[f"mutant_{number:02d}"] = mutant.to_bytes()
    for student, data in notebooks.items():
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        (folder / f"{ASSIGNMENT}.ipynb").write_bytes(data)
    before = _fingerprint(course)
    report = grade_class(course, ASSIGNMENT, workers=2, timeout=60, memory_gib=2, progress=False)
    return course, report, mutants, before


def _points(report, student) -> dict:
    cells = report["students"][student]["points"]
    return {e: sum(v for c, v in cells.items() if c.startswith(e + "_")) for e in EXERCISES}


def test_no_student_gets_a_silent_zero(graded):
    course, report, _, _ = graded
    assert silent_zeros(course, ASSIGNMENT) == []
    submitted = {p.parent.name for p in (course / "submitted").glob(f"*/{ASSIGNMENT}")}
    assert submitted == set(report["students"]) == set(gradebook_scores(course, ASSIGNMENT))


def test_the_check_catches_silent_zeros(graded):
    course, report, _, _ = graded
    lost = [s for s, d in report["students"].items() if d["reasons"]]
    assert lost, "the class has students who lost points"
    doctored = copy.deepcopy(report)
    doctored["students"][lost[0]]["reasons"] = {}
    del doctored["students"]["dup_student"]
    breaches = silent_zeros(course, ASSIGNMENT, doctored)
    assert any(b.startswith(f"{lost[0]}: lost") for b in breaches), breaches
    assert "dup_student: has a submission folder but is not in the report." in breaches


def test_pasted_twice_cells_get_full_marks_out_of_six(graded):
    course, report, _, _ = graded
    data = report["students"]["dup_student"]
    assert sum(data["points"].values()) == sum(data["max_points"].values()) == 6, data
    assert not data["reasons"]
    assert any("appeared 2 times" in note for note in data["intake"]), data["intake"]


def test_a_renamed_notebook_is_graded_with_a_note_naming_it(graded):
    course, report, _, _ = graded
    data = report["students"]["renamed_student"]
    assert "renamed_student" in gradebook_scores(course, ASSIGNMENT)
    assert any("Graded from 'functional_api_1 (1).ipynb'" in n for n in data["intake"]), data
    assert sum(data["points"].values()) == 6, data


@pytest.mark.parametrize("variant", sorted(notebook_mutations.VARIANTS))
def test_other_front_ends_notebooks_keep_full_marks(graded, variant):
    _, report, _, _ = graded
    student = f"variant_{variant}"
    assert _points(report, student) == dict.fromkeys(EXERCISES, FULL), report["students"][student]
    assert report["students"][student]["intake"], "each variant needed a repair, said so"


@pytest.mark.parametrize("number", range(MUTANTS))
def test_mutants_keep_the_points_of_untouched_exercises(graded, number):
    _, report, mutants, _ = graded
    student = f"mutant_{number:02d}"
    mutant = mutants[student]
    points = _points(report, student)
    for exercise in EXERCISES:
        if mutant.intact(exercise):
            assert points[exercise] == FULL, (mutant.steps, report["students"][student])


def test_the_students_files_are_never_modified(graded):
    course, _, _, before = graded
    assert _fingerprint(course) == before


def test_check_reads_the_pasted_twice_notebook_as_the_grader_does():
    notebook = CASES / "01_duplicated_grade_cells/submitted/dup_student" / ASSIGNMENT
    result = run_cli("check", "functional_mlp", str(notebook / f"{ASSIGNMENT}.ipynb"))
    assert result.returncode == 0, result.stdout + result.stderr
