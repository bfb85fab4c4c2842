"""Grading a whole class: `python -m autograder grade ASSIGNMENT`.

1. Judge: every submitted notebook is sanitised as `nbgrader autograde` does
   it (locked cells and deleted grade cells restored from the source), then
   its learner code is built and judged (`api.check_cells`) by a pool of
   worker threads, each driving its own build and judge processes. Verdicts
   go to a content-addressed cache (`cache`).
2. Record: one `nbgrader autograde` run (without executing kernels) writes
   the autograded notebooks and the gradebook, taking each verdict from the
   cache. All gradebook writes happen in that one process, in nbgrader's own
   transactions.
3. Settle: a submission nbgrader could not process (an unreadable notebook,
   say) gets 0 points in the gradebook rather than none, and every lost point
   gets a reason in the report (`course/reports/<assignment>.json`).

Re-running is idempotent: unchanged notebooks hit the cache, and nbgrader
overwrites its own output. So a `grade` killed at any point is simply run
again: verdicts are stored atomically, `nbgrader autograde --force` redoes
every student's recording, SQLite rolls back a transaction cut short, and no
zero is written when the recording was killed.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import json
import os
import pathlib
import signal
import subprocess
import sys
import time

from autograder import api
from autograder.nbgrader import COURSE_ID, cache
from autograder.nbgrader.judge_cells import grade_targets
from autograder.submission import notebook_cells


class GradingError(Exception):
    """The course or the assignment is not ready to grade (no gradebook, no release), or
    recording the grades was interrupted."""


@dataclasses.dataclass
class Submission:
    """One student's notebook and what became of it.

    Args:
        student: nbgrader student id.
        notebook: Notebook name (without `.ipynb`).
        path: The submitted file.
        seconds: Wall time of judging it (0 when cached or not judged).
        reasons: Exercise id -> why points were lost (first failed check).
        problem: Why the notebook could not be judged at all, if so.
    """

    student: str
    notebook: str
    path: pathlib.Path
    seconds: float = 0.0
    reasons: dict = dataclasses.field(default_factory=dict)
    problem: str = ""


def _gradebook(course: pathlib.Path):
    from nbgrader.api import Gradebook

    db = course / "gradebook.db"
    if not db.is_file():
        raise GradingError(
            f"No gradebook in {course.name}/: run `nbgrader generate_assignment` first."
        )
    return Gradebook(f"sqlite:///{db}", course_id=COURSE_ID)


def find_submissions(course: pathlib.Path, assignment: str, students=None) -> list[Submission]:
    """Every expected notebook of every student who submitted `assignment`."""
    from nbgrader.api import MissingEntry

    with _gradebook(course) as gb:
        try:
            names = [n.name for n in gb.find_assignment(assignment).notebooks]
        except MissingEntry:
            raise GradingError(f"Unknown assignment {assignment!r}: release it first.") from None
    out = []
    for folder in sorted((course / "submitted").glob(f"*/{assignment}")):
        student = folder.parent.name
        if students and student not in students:
            continue
        out += [Submission(student, name, folder / f"{name}.ipynb") for name in names]
    return out


def _first_failure(results) -> str:
    failed = next((r for r in results if not r.passed), None)
    if failed is None:
        return ""
    return f"{failed.check}: {failed.received or failed.message}".splitlines()[0][:200]


def judge(course: pathlib.Path, assignment: str, sub: Submission, *, timeout, memory_gib, folder):
    """Sanitises and judges one notebook; stores its verdict in the cache `folder`."""
    import nbformat
    from nbgrader.preprocessors import DeduplicateIds, OverwriteCells

    if not sub.path.is_file():
        sub.problem = "No submitted file."
        return sub
    try:
        nb = nbformat.read(sub.path, as_version=4)
        resources = {
            "nbgrader": {
                "db_url": f"sqlite:///{course / 'gradebook.db'}",
                "assignment": assignment,
                "notebook": sub.notebook,
                "student": sub.student,
            }
        }
        for step in (DeduplicateIds(), OverwriteCells(add_missing_cells=True)):
            nb, resources = step.preprocess(nb, resources)
    except Exception as error:  # noqa: BLE001 - any unreadable notebook
        sub.problem = f"The notebook cannot be read: {type(error).__name__}: {error}"[:300]
        return sub
    exercise_ids = list(dict.fromkeys(e for _, e, _ in grade_targets(nb)))
    cells = notebook_cells(nb.cells)
    name = cache.key(exercise_ids, cells, timeout, memory_gib)
    results = cache.load(folder, name)
    if results is None:
        start = time.monotonic()
        results = api.check_cells(
            exercise_ids, cells, timeout=timeout, memory_gib=memory_gib, hide=[str(course)]
        )
        sub.seconds = time.monotonic() - start
        cache.store(folder, name, results)
    sub.reasons = {e: _first_failure(rs) for e, rs in results.items() if _first_failure(rs)}
    return sub


def _autograde(course, assignment, folder, students, execute, timeout, memory_gib) -> str:
    """One `nbgrader autograde` run that records the verdicts judged ahead (same limits).

    Raises:
        GradingError: if the run was killed (out of memory, say): the students it
            did not reach have no scores yet, and must not get zeros.
    """
    env = dict(os.environ, **{cache.ENV: str(folder)})
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
    if not execute:
        env["KIT_SKIP_EXECUTE"] = "1"
    runs = [["--student", s] for s in students] if students else [[]]
    log = ""
    for extra in runs:
        proc = subprocess.run(
            [
                sys.executable,
                "-m",
                "nbgrader",
                "autograde",
                assignment,
                "--force",
                "--log-level=ERROR",
                f"--JudgeGradeCells.timeout={timeout}",
                f"--JudgeGradeCells.memory_gib={memory_gib}",
                *extra,
            ],
            cwd=course,
            env=env,
            capture_output=True,
            text=True,
        )
        log += proc.stdout + proc.stderr
        if proc.returncode < 0:
            raise GradingError(
                "Recording the grades was interrupted: `nbgrader autograde` was killed by "
                f"{signal.Signals(-proc.returncode).name}. No missing grade was set to 0; "
                "run the same command again."
            )
    return log


def settle(course: pathlib.Path, assignment: str, subs: list[Submission]) -> dict:
    """Zero points where nbgrader left none; returns points per student and grade cell."""
    from nbgrader.api import MissingEntry

    scores: dict = {}
    with _gradebook(course) as gb:
        for student in sorted({s.student for s in subs}):
            try:
                submission = gb.find_submission(assignment, student)
            except MissingEntry:
                gb.update_or_create_student(student)
                submission = gb.add_submission(assignment, student)
            cells = scores.setdefault(student, {})
            for notebook in submission.notebooks:
                for grade in notebook.grades:
                    if grade.score is None:
                        grade.auto_score = 0
                        grade.needs_manual_grade = False
                    cells[grade.name] = (grade.score, grade.max_score)
            gb.db.commit()
    return scores


def grade_class(
    course: str | os.PathLike,
    assignment: str,
    *,
    workers: int | None = None,
    students: list[str] | None = None,
    timeout: float = api.DEFAULT_TIMEOUT,
    memory_gib: float = api.DEFAULT_MEMORY_GIB,
    execute: bool = False,
    progress: bool = True,
) -> dict:
    """Grades every submission of `assignment` and records the grades in nbgrader's gradebook.

    Args:
        course: The nbgrader course folder (with `nbgrader_config.py`).
        assignment: A released assignment, e.g. `"functional_api_1"`.
        workers: Submissions judged at once (default: the number of cores).
        students: Only these student ids (default: everyone who submitted).
        timeout: Seconds for each learner code phase (default 120).
        memory_gib: Memory cap of each build process (default 2).
        execute: Also run each notebook in a kernel, as plain nbgrader does,
            so that feedback shows the learner's own outputs (slower).
        progress: Show a progress bar.

    Returns:
        The report: per student, points per grade cell and the reasons.

    Raises:
        GradingError: if the course has no gradebook, the assignment is unknown, or
            the recording was killed.
    """
    from tqdm import tqdm

    course = pathlib.Path(course).resolve()
    subs = find_submissions(course, assignment, students)
    folder = course / ".autograder-cache"
    workers = workers or os.cpu_count() or 1
    start = time.monotonic()
    with concurrent.futures.ThreadPoolExecutor(workers) as pool:
        futures = [
            pool.submit(
                judge, course, assignment, s, timeout=timeout, memory_gib=memory_gib, folder=folder
            )
            for s in subs
        ]
        done = concurrent.futures.as_completed(futures)
        for _ in tqdm(
            done,
            total=len(futures),
            desc=f"judge {assignment}",
            unit="notebook",
            disable=not progress,
        ):
            pass
    judged = time.monotonic()
    _autograde(course, assignment, folder, students, execute, timeout, memory_gib)
    scores = settle(course, assignment, subs)
    report = {
        "assignment": assignment,
        "workers": workers,
        "seconds": {"judge": judged - start, "record": time.monotonic() - judged},
        "students": {
            student: {
                "points": {c: p for c, (p, _) in cells.items()},
                "max_points": {c: m for c, (_, m) in cells.items()},
                "reasons": {
                    k: v
                    for s in subs
                    if s.student == student
                    for k, v in (
                        {**s.reasons, **({"notebook": s.problem} if s.problem else {})}
                    ).items()
                },
                "judge_seconds": sum(s.seconds for s in subs if s.student == student),
            }
            for student, cells in scores.items()
        },
    }
    out = course / "reports" / f"{assignment}.json"
    out.parent.mkdir(exist_ok=True)
    tmp = out.with_suffix(".tmp")
    tmp.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(tmp, out)
    return report


def table(report: dict) -> str:
    """The report as text: one line per student, total points and reasons."""
    lines = [f"{'student':<24} {'points':>9}  reasons"]
    for student, data in sorted(report["students"].items()):
        got, top = sum(data["points"].values()), sum(data["max_points"].values())
        reasons = "; ".join(f"{k}: {v}" for k, v in data["reasons"].items()) or "-"
        lines.append(f"{student:<24} {got:>4g}/{top:<4g}  {reasons[:150]}")
    return "\n".join(lines)
