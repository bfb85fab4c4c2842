"""Grading a whole class: `python -m autograder grade ASSIGNMENT`.

1. Judge: every submitted notebook (or, when it is missing, the one other
   notebook in the student's folder) is read leniently and repaired
   (`autograder.intake`); the repaired copy is staged in `STAGING` (the
   student's own files are never modified), sanitised as `nbgrader
   autograde` does it (locked cells and deleted grade cells restored from
   the source), then its learner code is built and judged
   (`verdicts`, that is `api.check_cells`) by a pool of worker threads, each
   driving its own build processes and its own warm judge
   (`autograder.warm_judge`: Keras imported once per worker, not once per
   notebook), or by Dask workers on other machines (`dask_pool`), which run
   the same `verdicts`. Verdicts go to a content-addressed cache (`cache`).
2. Record: one `nbgrader autograde` run (without executing kernels) reads the
   staged copies and writes the autograded notebooks and the gradebook,
   taking each verdict from the cache. All gradebook writes happen in that
   one process, in nbgrader's own transactions.
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
import copy
import dataclasses
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import threading
import time

from autograder import api, intake, warm_judge
from autograder.nbgrader import cache, gradebook
from autograder.nbgrader.judge_cells import grade_targets
from autograder.nbgrader.report import covering_reason
from autograder.protocol import DEFAULT_LIMITS, CheckStatus, Limits
from autograder.submission import notebook_cells

#: Course subfolder holding the repaired copies that `nbgrader autograde` records.
STAGING = ".autograder-intake"

# One lock per cache key: notebooks with the same learner code are judged once.
_KEY_LOCKS: dict[str, threading.Lock] = {}
_KEY_LOCKS_GUARD = threading.Lock()


class GradingError(Exception):
    """The course or the assignment is not ready to grade (no gradebook, no release), or
    recording the grades was interrupted."""


@dataclasses.dataclass
class Submission:
    """One student's notebook and what became of it.

    Args:
        student: nbgrader student id.
        notebook: Notebook name (without `.ipynb`).
        path: The submitted file graded (the expected one, or the notebook
            found under another name).
        seconds: Wall time of judging it (0 when cached or not judged).
        reasons: Exercise id -> why points were lost (first failed check).
        problem: Why the notebook could not be judged at all, if so.
        intake: What was repaired or substituted to grade it, for the report.
    """

    student: str
    notebook: str
    path: pathlib.Path
    seconds: float = 0.0
    reasons: dict = dataclasses.field(default_factory=dict)
    problem: str = ""
    intake: list = dataclasses.field(default_factory=list)


def _gradebook(course: pathlib.Path):
    try:
        return gradebook.open_gradebook(course)
    except FileNotFoundError:
        raise GradingError(
            f"No gradebook in {course.name}/: run `nbgrader generate_assignment` first."
        ) from None


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
        out += [
            _locate(Submission(student, name, folder / f"{name}.ipynb"), names) for name in names
        ]
    return out


def _locate(sub: Submission, names: list[str]) -> Submission:
    """Falls back on the one other notebook of the folder when the expected one is absent."""
    if sub.path.is_file():
        return sub
    expected = sub.path.name
    others = sorted(
        p for p in sub.path.parent.glob("*.ipynb") if p.is_file() and p.stem not in names
    )
    like = [p for p in others if _plain(sub.notebook) in _plain(p.stem)]
    found = others if len(others) == 1 else like if len(like) == 1 else []
    if found:
        sub.path = found[0]
        also = ", ".join(repr(p.name) for p in others if p != found[0])
        sub.intake.append(
            f"Graded from '{found[0].name}': '{expected}' is not in the submission"
            + (f" (also there: {also})" if also else "")
            + f". Rename it to '{expected}' to keep nbgrader's records in step."
        )
    elif others:
        sub.problem = (
            f"No submitted file '{expected}'; the folder holds "
            + ", ".join(repr(p.name) for p in others)
            + f": rename the one to grade to '{expected}' and grade again."
        )
    else:
        sub.problem = (
            f"No submitted file: '{expected}' is not in the submission, nor any other notebook."
        )
    return sub


def _plain(name: str) -> str:
    return "".join(ch for ch in name.lower() if ch.isalnum())


def _stage(course: pathlib.Path, assignment: str, subs: list[Submission]) -> None:
    """Starts each student's folder in `STAGING` with their other files (timestamp...)."""
    for folder in sorted({s.path.parent for s in subs}):
        student = folder.parent.name
        staged = course / STAGING / student / assignment
        shutil.rmtree(staged, ignore_errors=True)
        staged.mkdir(parents=True)
        for path in sorted(folder.rglob("*")):
            if path.is_file() and not path.is_symlink() and path.suffix != ".ipynb":
                target = staged / path.relative_to(folder)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, target)


def _first_failure(results) -> str:
    failed = next((r for r in results if not r.passed), None)
    if failed is None:
        return ""
    # A grader error's `received` is the tail of a traceback: its next step says what to do.
    plain = failed.status is CheckStatus.GRADER_ERROR
    said = (failed.next_step if plain else failed.received) or failed.next_step
    return f"{failed.check}: {said}".splitlines()[0][:200]


@dataclasses.dataclass(frozen=True)
class Job:
    """What is judged of one staged notebook: plain data, so it can travel to a Dask worker.

    Args:
        exercise_ids: The exercises its grade cells score, in order.
        cells: Its learner code (`submission.Cell`s), test cells left out.
        key: Its verdict cache key (`cache.key`).
    """

    exercise_ids: list[str]
    cells: list
    key: str


def stage(course: pathlib.Path, assignment: str, sub: Submission, limits: Limits) -> Job | None:
    """Repairs, stages and sanitises one notebook; returns what is to be judged of it.

    The repaired copy (`autograder.intake`, with the release as reference) is
    written to `STAGING`, where the recording `nbgrader autograde` reads it,
    and sanitised as that run will (locked cells and deleted grade cells
    restored), so that the cache keys agree.

    Args:
        course: The course folder.
        assignment: The assignment graded.
        sub: The submission; its `problem` and `intake` are filled in.
        limits: The `protocol.Limits` (part of the cache key).

    Returns:
        Its `Job`, or `None` when it cannot be judged (`sub.problem` says why).
        Nothing raises for a bad notebook.
    """
    import nbformat
    from nbgrader.preprocessors import CheckCellMetadata, DeduplicateIds, OverwriteCells

    if sub.problem:
        return None
    try:
        data = sub.path.read_bytes()
    except OSError as error:
        sub.problem = f"'{sub.path.name}' cannot be read: {error.strerror or error}."
        return None
    release = course / "release" / assignment / f"{sub.notebook}.ipynb"
    reference = nbformat.read(release, as_version=4) if release.is_file() else None
    repaired = intake.read(data, name=f"'{sub.path.name}'", reference=reference)
    sub.intake += repaired.repairs
    if repaired.notebook is None:
        sub.problem = repaired.problem
        return None
    staged = course / STAGING / sub.student / assignment / f"{sub.notebook}.ipynb"
    staged.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(repaired.notebook, staged)
    try:
        nb = copy.deepcopy(repaired.notebook)
        resources = {
            "nbgrader": {
                "db_url": gradebook.db_url(course),
                "assignment": assignment,
                "notebook": sub.notebook,
                "student": sub.student,
            }
        }
        for step in (DeduplicateIds(), OverwriteCells(add_missing_cells=True), CheckCellMetadata()):
            nb, resources = step.preprocess(nb, resources)
    except Exception as error:  # noqa: BLE001 - whatever nbgrader rejects
        sub.problem = f"nbgrader cannot process the notebook: {type(error).__name__}: {error}"[:300]
        return None
    exercise_ids = list(dict.fromkeys(e for _, e, _ in grade_targets(nb)))
    cells = notebook_cells(nb.cells)
    return Job(exercise_ids, cells, cache.key(exercise_ids, cells, limits))


def verdicts(
    job: Job, limits: Limits, hide: list[str], judge: warm_judge.WarmJudge | None
) -> tuple[dict, float]:
    """Builds and judges one job: the one path from learner code to verdicts, for the
    local pool's threads and for Dask workers alike.

    Args:
        job: The staged notebook's `Job`.
        limits: The `protocol.Limits` of its build processes and judge.
        hide: Folders the learner code must not see (the course being graded).
        judge: The calling worker's warm judge; `None` starts a fresh judge.

    Returns:
        `(results, seconds)`: exercise id -> its `CheckResult`s, and the wall
        time of building and judging.
    """
    start = time.monotonic()
    results = api.check_cells(job.exercise_ids, job.cells, limits=limits, hide=hide, judge=judge)
    return results, time.monotonic() - start


def keep(folder, job: Job, results: dict) -> None:
    """Caches a verdict, unless the grader failed (the machine's fault, not the notebook's:
    judged again next time)."""
    if not any(r.status is CheckStatus.GRADER_ERROR for rs in results.values() for r in rs):
        cache.store(folder, job.key, results)


def conclude(sub: Submission, results: dict) -> None:
    """Fills in `sub.reasons` from its verdict."""
    sub.reasons = {e: _first_failure(rs) for e, rs in results.items() if _first_failure(rs)}


def grader_fault(sub: Submission, error: BaseException) -> None:
    """Says, as the notebook's problem, that the grader (not the notebook) failed on it."""
    sub.problem = (
        f"The grader failed on this notebook ({type(error).__name__}: {error}); "
        "tell the kit's maintainers, then run the same command again."
    )[:300]


def judge(
    course: pathlib.Path,
    assignment: str,
    sub: Submission,
    *,
    limits: Limits,
    folder,
    judges: warm_judge.PerThread | None = None,
):
    """Stages one notebook (`stage`) and judges it (`verdicts`) unless its verdict is
    cached in `folder`; then caches it.

    Args:
        course: The course folder.
        assignment: The assignment graded.
        sub: The submission; its `reasons`, `problem`, `intake` and `seconds`
            are filled in.
        limits: The limits of the build process (`protocol.Limits`).
        folder: The verdict cache.
        judges: The worker pool's warm judges; `None` starts a fresh judge.

    Returns:
        `sub`. Nothing raises for a bad notebook: its `problem` says why.
    """
    job = stage(course, assignment, sub, limits)
    if job is None:
        return sub
    with _KEY_LOCKS_GUARD:
        lock = _KEY_LOCKS.setdefault(job.key, threading.Lock())
    with lock:
        results = cache.load(folder, job.key)
        if results is None:
            judge = judges.get() if judges else None
            results, sub.seconds = verdicts(job, limits, [str(course)], judge)
            keep(folder, job, results)
    conclude(sub, results)
    return sub


def progress_bar(done, total: int, assignment: str, show: bool):
    """`done` (an iterator of finished tasks) with a progress bar on standard error."""
    from tqdm import tqdm

    return tqdm(done, total=total, desc=f"judge {assignment}", unit="notebook", disable=not show)


def _judge_locally(course, assignment, subs, *, limits, folder, workers, progress) -> None:
    """Judges `subs` in a pool of `workers` threads, each with its own warm judge."""
    judges = warm_judge.PerThread()
    try:
        with concurrent.futures.ThreadPoolExecutor(workers) as pool:
            futures = {
                pool.submit(
                    judge, course, assignment, s, limits=limits, folder=folder, judges=judges
                ): s
                for s in subs
            }
            done = concurrent.futures.as_completed(futures)
            for future in progress_bar(done, len(futures), assignment, progress):
                if future.exception() is not None:  # a fault of the grader: said, not lost
                    grader_fault(futures[future], future.exception())
    finally:
        judges.close()


def _autograde(course, assignment, folder, students, execute, limits) -> str:
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
                f"--JudgeGradeCells.limits={json.dumps(limits.to_json())}",
                f"--CourseDirectory.submitted_directory={STAGING}",
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


def _student_report(assignment: str, student: str, cells: dict, subs: list[Submission]) -> dict:
    """One student's entry of the report: points, reasons for every lost point, repairs."""
    reasons = {}
    for sub in subs:
        reasons.update(sub.reasons)
        if sub.problem:
            reasons["notebook"] = sub.problem
    for cell, (points, top) in cells.items():
        if (points or 0) < (top or 0) and not covering_reason(reasons, cell):
            reasons[cell] = (
                f"nbgrader recorded no score for this cell: run `nbgrader autograde "
                f"{assignment} --student {student}` from the course folder to see why."
            )
    return {
        "points": {c: p for c, (p, _) in cells.items()},
        "max_points": {c: m for c, (_, m) in cells.items()},
        "reasons": reasons,
        "intake": [note for sub in subs for note in sub.intake],
        "judge_seconds": sum(s.seconds for s in subs),
    }


def grade_class(
    course: str | os.PathLike,
    assignment: str,
    *,
    workers: int | None = None,
    students: list[str] | None = None,
    timeout: float = DEFAULT_LIMITS.seconds,
    memory_gib: float = DEFAULT_LIMITS.memory_gib,
    execute: bool = False,
    progress: bool = True,
    dask=None,
) -> dict:
    """Grades every submission of `assignment` and records the grades in nbgrader's gradebook.

    Args:
        course: The nbgrader course folder (with `nbgrader_config.py`).
        assignment: A released assignment, e.g. `"functional_api_1"`.
        workers: Submissions judged at once (default: the number of cores);
            with `dask="local"`, the worker processes of the local cluster.
        students: Only these student ids (default: everyone who submitted).
        timeout: `protocol.Limits.seconds`: the time limit per exercise, per
            cell and per call.
        memory_gib: `protocol.Limits.memory_gib`: the memory cap of each
            build process.
        execute: Also run each notebook in a kernel, as plain nbgrader does,
            so that feedback shows the learner's own outputs (slower).
        progress: Show a progress bar.
        dask: Judge on Dask workers (`autograder.nbgrader.dask_pool`): a
            scheduler's address, `"tcp://HOST:PORT"`; `"local"` for a
            `distributed.LocalCluster` of `workers` processes; or a cluster
            object (dask-jobqueue, Dask Gateway). The gradebook is still
            written here, by one process. Default: a local pool of threads.

    Returns:
        The report: per student, points per grade cell and the reasons.

    Raises:
        GradingError: if the course has no gradebook, the assignment is unknown, or
            the recording was killed.
    """
    course = pathlib.Path(course).resolve()
    subs = find_submissions(course, assignment, students)
    folder = course / ".autograder-cache"
    workers = workers or os.cpu_count() or 1
    limits = DEFAULT_LIMITS.tuned(seconds=timeout, memory_gib=memory_gib)
    start = time.monotonic()
    _stage(course, assignment, subs)
    pool = dict(limits=limits, folder=folder, workers=workers, progress=progress)
    if dask is None:
        _judge_locally(course, assignment, subs, **pool)
    else:
        from autograder.nbgrader import dask_pool

        workers = dask_pool.judge_all(dask, course, assignment, subs, **pool)
    judged = time.monotonic()
    _autograde(course, assignment, folder, students, execute, limits)
    scores = settle(course, assignment, subs)
    report = {
        "assignment": assignment,
        "workers": workers,  # with Dask: the scheduler's workers at the end
        "seconds": {"judge": judged - start, "record": time.monotonic() - judged},
        "students": {
            student: _student_report(
                assignment, student, cells, [s for s in subs if s.student == student]
            )
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
