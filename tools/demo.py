"""The main job (`make demo`): build the course and grade the demo submissions end to end.

1. Execute Lesson 1 headless, which redraws its figures into `figures/`.
2. Build `course/source/` from the templates and `solutions/`.
3. `nbgrader generate_assignment` for every assignment.
4. Make the demo submissions (`course/demo_submissions/`) from the release.
5. Grade them with the kit's parallel grader (`python -m autograder grade`:
   a pool of workers builds and judges, one `nbgrader autograde` run records
   the grades), with a progress bar.
6. `nbgrader generate_feedback`.
7. Print the gradebook (student x exercise, points) and compare it with
   `course/demo_submissions/expected.json`; exit 1 if they differ. Print the
   grading time per notebook against the floor, a fresh
   `python -c "import tensorflow"` timed in the same run.
"""

from __future__ import annotations

import json
import os
import pathlib
import shutil
import subprocess
import sys
import time

import nbformat

from autograder.nbgrader import grade_ids
from autograder.nbgrader.grade_class import grade_class
from tools import build_course
from tools.floor import import_floor

ROOT = build_course.ROOT
COURSE = build_course.COURSE
DEMO = COURSE / "demo_submissions"
LESSON_1 = ROOT / "notebooks" / "01_sequential_vs_functional.py"


def nbgrader(course: pathlib.Path, *args: str) -> None:
    """Runs an nbgrader command in `course`; raises with its log if it fails."""
    env = dict(os.environ)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    proc = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args, "--log-level=WARN"],
        cwd=course,
        env=env,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader {' '.join(args)} failed:\n{proc.stdout}\n{proc.stderr}")


def answer_ids(nb) -> list[str]:
    """The exercise ids of a notebook's answer cells, in order."""
    parsed = [
        grade_ids.parse(c.get("metadata", {}).get("nbgrader", {}).get("grade_id", ""))
        for c in nb.cells
    ]
    return [p.exercise for p in parsed if p and p.part == grade_ids.Part.ANSWER]


def demo_answers(student: str, ids: list[str]) -> dict[str, str] | None:
    """Answer-cell sources of a demo student, keyed by grade_id (None: untouched)."""
    if student == "untouched":
        return None
    if student == "reference":
        return {_answer(i): build_course.solution_source(i) for i in ids}
    folder = DEMO / student
    return {_answer(i): (folder / f"{i}.py").read_text(encoding="utf-8") for i in ids}


def _answer(exercise_id: str) -> str:
    return grade_ids.grade_id(exercise_id, grade_ids.Part.ANSWER)


def students(ids: list[str]) -> list[str]:
    """The demo students of an assignment with these exercises: the reference, the
    untouched release, and every folder of DEMO that answers all of them."""
    folders = sorted(
        p.name for p in DEMO.iterdir() if p.is_dir() and all((p / f"{i}.py").is_file() for i in ids)
    )
    return ["reference", "untouched", *folders]


def release(course: pathlib.Path, assignment: str):
    return nbformat.read(course / "release" / assignment / f"{assignment}.ipynb", as_version=4)


def answer(nb, student: str):
    """The released notebook `nb` with a demo student's answers in its answer cells."""
    answers = demo_answers(student, answer_ids(nb))
    if answers is not None:
        for cell in nb.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            if grade_id in answers:
                cell.source = answers[grade_id]
    return nb


def submit(course: pathlib.Path, assignment: str, student: str) -> None:
    """Writes `submitted/<student>/<assignment>/` from the release and the student's answers."""
    nb = answer(release(course, assignment), student)
    out = course / "submitted" / student / assignment
    out.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, out / f"{assignment}.ipynb")


def gradebook(course: pathlib.Path) -> dict:
    """Points per assignment, student and grade cell, read from nbgrader's gradebook."""
    from autograder.nbgrader.gradebook import open_gradebook

    scores: dict = {}
    with open_gradebook(course) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                cells = scores.setdefault(assignment.name, {}).setdefault(submission.student_id, {})
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        cells[grade.name] = grade.score
    return scores


def prepare(course: pathlib.Path, assignments: list[str]) -> None:
    """Source notebooks and releases of `assignments` in `course`."""
    if course != COURSE:
        course.mkdir(parents=True, exist_ok=True)
        shutil.copy(COURSE / "nbgrader_config.py", course / "nbgrader_config.py")
    build_course.build(assignments, course=course)
    for assignment in assignments:
        nbgrader(course, "generate_assignment", assignment, "--force")


def grade(course: pathlib.Path, assignments: list[str], progress=True, reports=None) -> dict:
    """Submits, grades (`grade_class`) and makes feedback for each demo student.

    Args:
        course: The course folder, prepared (`prepare`).
        assignments: The assignments to grade.
        progress: Show progress bars.
        reports: A list that receives `grade_class`'s report of each
            assignment (its timings), or `None`.

    Returns:
        The points, as `gradebook` reads them.
    """
    for assignment in assignments:
        for student in students(answer_ids(release(course, assignment))):
            submit(course, assignment, student)
        report = grade_class(course, assignment, progress=progress)
        if reports is not None:
            reports.append(report)
        nbgrader(course, "generate_feedback", assignment, "--force")
    return gradebook(course)


def per_notebook(reports: list[dict], floor: float) -> str:
    """The grading time per notebook of `reports`, and its ratio to `floor` (seconds)."""
    notebooks = sum(len(r["students"]) for r in reports)
    seconds = sum(r["seconds"]["judge"] + r["seconds"]["record"] for r in reports)
    each = seconds / max(notebooks, 1)
    workers = reports[0]["workers"] if reports else 0
    return (
        f"Graded {notebooks} notebooks in {seconds:.0f} s with {workers} "
        f"worker{'s' if workers != 1 else ''}: "
        f"{each:.1f} s per notebook, {each / floor:.2f}x the floor "
        f'(`python -c "import tensorflow"`: {floor:.1f} s on this machine now).'
    )


def table(scores: dict, expected: dict) -> tuple[str, bool]:
    """The gradebook as text, exercise by exercise; and whether it matches `expected`."""
    lines, ok = [], True
    for assignment, by_student in scores.items():
        cells = sorted({c for s in by_student.values() for c in s})
        exercises = list(dict.fromkeys(c.rsplit("_", 1)[0] for c in cells))
        lines.append(f"\n{assignment}")
        lines.append(f"  {'student':<18}" + "".join(f"{e:>18}" for e in exercises) + "   check")
        for student, got in sorted(by_student.items()):
            want = expected.get(assignment, {}).get(student)
            row = f"  {student:<18}"
            for e in exercises:
                points = sum(v for c, v in got.items() if c.rsplit("_", 1)[0] == e)
                row += f"{points:>18g}"
            match = want is not None and all(got.get(c) == v for c, v in want.items())
            ok = ok and match
            lines.append(row + ("   as expected" if match else "   UNEXPECTED"))
    return "\n".join(lines), ok


def main() -> int:
    start = time.monotonic()
    print("1/4 Lesson 1, executed headless (redraws its figures)")
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "tools" / "run_lessons.py"),
            str(LESSON_1.relative_to(ROOT)),
            "--no-html",
            "--out",
            "build/lessons",
        ],
        cwd=ROOT,
        check=True,
    )
    assignments = build_course.assignments()
    print(f"2/4 nbgrader generate_assignment: {', '.join(assignments)}")
    prepare(COURSE, assignments)
    print("3/4 python -m autograder grade + nbgrader generate_feedback of the demo submissions")
    # Judged afresh each time, so that the time per notebook below is the real one.
    shutil.rmtree(COURSE / ".autograder-cache", ignore_errors=True)
    reports = []
    scores = grade(COURSE, assignments, reports=reports)
    expected = json.loads((DEMO / "expected.json").read_text(encoding="utf-8"))
    text, ok = table(scores, expected)
    print("4/4 Gradebook (points per exercise)" + text)
    print("\nFeedback: course/feedback/<student>/<assignment>/<assignment>.html")
    print(per_notebook(reports, import_floor()))
    print(f"Done in {time.monotonic() - start:.0f} s.")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
