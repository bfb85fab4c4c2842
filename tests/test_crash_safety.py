"""`python -m autograder grade` killed with SIGKILL and run again; the gradebook read meanwhile.

A small class of `functional_api_1` is graded once without interruption (the
reference). Then copies of the same class are graded by a `grade` process
whose whole process group is killed with SIGKILL while it judges, or while
its `nbgrader autograde` child records, and graded again to the end: no
process it started may outlive it, and every student must be graded exactly
once, with the reference's grades cell by cell and the reference's report.
When the `nbgrader autograde` child alone is killed, `grade` must fail
without writing zeros. Readers (`nbgrader export`, and a formgrader-like read
through `nbgrader.api.Gradebook`) poll the gradebook while `grade` writes it:
neither side may fail.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time

import nbformat
import psutil
import pytest

from autograder.nbgrader import COURSE_ID
from tests.conftest import ROOT
from tools import build_course

pytestmark = pytest.mark.xdist_group("crash_safety")
ASSIGNMENT = "functional_api_1"
MLP = build_course.solution_source("functional_mlp")
QA = build_course.solution_source("qa_model")
WRONG_MLP = MLP.replace("hidden_units, activation", "16, activation")
WRONG_QA = QA.replace("LSTM(32)", "LSTM(8)")
#: student id -> answer cell sources by grade id (the release's stub where absent)
CLASS = {
    "correct": {"functional_mlp_answer": MLP, "qa_model_answer": QA},
    "wrong": {"functional_mlp_answer": WRONG_MLP, "qa_model_answer": WRONG_QA},
    "untouched": {},
    "mixed": {"functional_mlp_answer": MLP},
    "mixed_too": {"functional_mlp_answer": WRONG_MLP, "qa_model_answer": QA},
}
POLL = 0.02  # seconds between looks at a running `grade`
DEADLINE = 900  # seconds for one `grade` run, on a busy machine


def _write_class(course) -> None:
    release = course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    for student, answers in CLASS.items():
        nb = nbformat.read(release, as_version=4)
        for cell in nb.cells:
            grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
            cell.source = answers.get(grade_id, cell.source)
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")


def _copy(course, dest):
    """A copy of a course, without its cached verdicts."""
    shutil.copytree(course, dest, ignore=shutil.ignore_patterns(".autograder-cache"))
    return dest


class Grader:
    """One `python -m autograder grade` process, in its own process group."""

    def __init__(self, course):
        self.course = course
        self.log_path = course.parent / f"{course.name}-grade.log"
        self.log = open(self.log_path, "ab")  # noqa: SIM115
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0")
        env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
        self.start = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, "--course", str(course)]
            + ["--workers", "2"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def tree(self) -> list[psutil.Process]:
        try:
            return [psutil.Process(self.proc.pid), *psutil.Process(self.proc.pid).children(True)]
        except psutil.NoSuchProcess:
            return []

    def child(self, *words: str) -> psutil.Process | None:
        """A running process of the tree whose command line has all of `words`."""
        for p in self.tree()[1:]:
            try:
                if all(w in p.cmdline() for w in words):
                    return p
            except psutil.Error:
                pass
        return None

    def recording(self) -> psutil.Process | None:
        """The `nbgrader autograde` child, while it runs."""
        return self.child("nbgrader", "autograde")

    def finish(self) -> tuple[int, str]:
        """Waits for the end; returns the exit status and the output."""
        rc = self.proc.wait(timeout=DEADLINE)
        self.log.close()
        return rc, self.log_path.read_text(errors="replace")

    def wait(self) -> float:
        """Waits for the end; returns the wall time. Fails if `grade` failed."""
        rc, log = self.finish()
        assert rc == 0, log[-3000:]
        return time.monotonic() - self.start

    def until(self, ready):
        """Polls `ready()` while `grade` runs; returns its first true value."""
        while not (value := ready()):
            assert self.proc.poll() is None, "grade ended before the kill"
            time.sleep(POLL)
        return value

    def kill_when(self, ready) -> tuple[float, int]:
        """SIGKILL to the process group once `ready()`; returns the wall time and the
        number of processes it started (build processes: in sessions of their own)
        that outlived it by 5 s, then killed here."""
        self.until(ready)
        tree = self.tree()
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait()
        self.log.close()
        seconds = time.monotonic() - self.start
        _, alive = psutil.wait_procs(tree, timeout=5)
        for p in alive:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                p.kill()
        return seconds, len(alive)


def _verdicts(course) -> int:
    return len(list((course / ".autograder-cache").glob("*.json")))


def _recorded(course) -> int:
    return len(list((course / "autograded").glob(f"*/{ASSIGNMENT}/{ASSIGNMENT}.ipynb")))


def _gradebook(course) -> dict:
    """The gradebook's rows of `ASSIGNMENT`, read with SQL (not through nbgrader, whose
    unique keys would hide duplicates): submissions per student, and per grade
    cell the number of rows and their scores."""
    db = sqlite3.connect(f"file:{course / 'gradebook.db'}?mode=ro", uri=True)
    try:
        submissions = dict(
            db.execute(
                "select s.student_id, count(*) from submitted_assignment s"
                " join assignment a on a.id = s.assignment_id where a.name = ?"
                " group by s.student_id",
                (ASSIGNMENT,),
            ).fetchall()
        )
        grades: dict = {}
        for student, notebook, cell, auto, manual, needs_manual in db.execute(
            "select s.student_id, n.name, c.name, g.auto_score, g.manual_score,"
            " g.needs_manual_grade from grade g"
            " join submitted_notebook sn on sn.id = g.notebook_id"
            " join notebook n on n.id = sn.notebook_id"
            " join base_cell c on c.id = g.cell_id"
            " join submitted_assignment s on s.id = sn.assignment_id"
            " join assignment a on a.id = s.assignment_id where a.name = ?",
            (ASSIGNMENT,),
        ):
            grades.setdefault((student, notebook, cell), []).append((auto, manual, needs_manual))
        cells = db.execute(
            "select count(*) from grade_cells gc join base_cell c on c.id = gc.id"
            " join notebook n on n.id = c.notebook_id"
            " join assignment a on a.id = n.assignment_id where a.name = ?",
            (ASSIGNMENT,),
        ).fetchone()[0]
    finally:
        db.close()
    return {"submissions": submissions, "grades": grades, "grade_cells": cells}


def _report(course) -> dict:
    report = json.loads((course / "reports" / f"{ASSIGNMENT}.json").read_text(encoding="utf-8"))
    return {
        s: {k: d[k] for k in ("points", "max_points", "reasons")}
        for s, d in report["students"].items()
    }


def _autograded(course) -> dict:
    """Each student's autograded notebook: its grade cells' outputs."""
    out = {}
    for student in CLASS:
        nb = nbformat.read(
            course / "autograded" / student / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", as_version=4
        )
        out[student] = [
            c.get("outputs") for c in nb.cells if c.get("metadata", {}).get("nbgrader", {})
        ]
    return out


def _assert_same_as_reference(course, reference) -> None:
    book = _gradebook(course)
    assert book["submissions"] == dict.fromkeys(CLASS, 1)
    assert len(book["grades"]) == len(CLASS) * book["grade_cells"]
    assert all(len(rows) == 1 for rows in book["grades"].values()), book["grades"]
    assert all(rows[0][0] is not None for rows in book["grades"].values()), book["grades"]
    assert book["grades"] == reference["book"]["grades"]
    assert _report(course) == reference["report"]
    assert _autograded(course) == reference["autograded"]
    leftovers = [p.name for p in (course / ".autograder-cache").iterdir()]
    assert all(n.endswith(".json") for n in leftovers), leftovers


@pytest.fixture(scope="module")
def ungraded(tmp_path_factory, prepared_courses):
    course = prepared_courses.copy([ASSIGNMENT], tmp_path_factory.mktemp("crash") / "ungraded")
    _write_class(course)
    return course


@pytest.fixture(scope="module")
def reference(ungraded):
    """The uninterrupted run."""
    course = _copy(ungraded, ungraded.parent / "reference")
    seconds = Grader(course).wait()
    book = _gradebook(course)
    return {
        "course": course,
        "seconds": seconds,
        "book": book,
        "report": _report(course),
        "autograded": _autograded(course),
    }


def _with_cache(ungraded, reference, name):
    course = _copy(ungraded, ungraded.parent / name)
    shutil.copytree(reference["course"] / ".autograder-cache", course / ".autograder-cache")
    return course


def test_the_reference_grades_are_what_the_answers_deserve(reference):
    report = reference["report"]
    total = {s: sum(d["points"].values()) for s, d in report.items()}
    assert total == {
        "correct": 6,
        "wrong": 0,
        "untouched": 0,
        "mixed": 3,
        "mixed_too": 3,
    }
    print(f"reference run: {reference['seconds']:.1f} s")


def test_killed_while_judging_then_run_again(ungraded, reference):
    course = _copy(ungraded, ungraded.parent / "killed_judging")
    grader = Grader(course)
    killed, orphans = grader.kill_when(
        lambda: _verdicts(course) >= 2 and grader.child("autograder.build_child")
    )
    cached = _verdicts(course)
    assert cached < len(CLASS) and not (course / "autograded").exists()
    assert orphans == 0, "build processes outlived the grader"
    rerun = Grader(course).wait()
    _assert_same_as_reference(course, reference)
    print(
        f"killed while judging after {killed:.1f} s with {cached} verdicts cached"
        f"; re-run {rerun:.1f} s"
    )


def test_killed_while_recording_then_run_again(ungraded, reference):
    course = _with_cache(ungraded, reference, "killed_recording")
    grader = Grader(course)
    killed, orphans = grader.kill_when(lambda: _recorded(course) >= 1 and grader.recording())
    recorded = _recorded(course)
    assert recorded < len(CLASS), "the kill came after the recording"
    assert orphans == 0
    rerun = Grader(course).wait()
    _assert_same_as_reference(course, reference)
    print(
        f"killed while recording after {killed:.1f} s with {recorded} notebooks recorded"
        f"; re-run {rerun:.1f} s"
    )


def test_recording_killed_alone_sets_no_zero_and_says_run_again(ungraded, reference):
    course = _with_cache(ungraded, reference, "recording_killed_alone")
    grader = Grader(course)
    nbgrader = grader.until(lambda: _recorded(course) >= 1 and grader.recording())
    nbgrader.kill()  # SIGKILL, as the out-of-memory killer would send
    rc, log = grader.finish()
    assert rc != 0 and "run the same command again" in log, log[-3000:]
    book = _gradebook(course)
    for cell, rows in book["grades"].items():
        assert rows[0][0] in (None, reference["book"]["grades"][cell][0][0]), cell
    assert len(book["submissions"]) < len(CLASS), "the kill came after the recording"
    Grader(course).wait()
    _assert_same_as_reference(course, reference)


class Readers:
    """`nbgrader export` and formgrader-like `Gradebook` reads, each in a loop, until stopped."""

    def __init__(self, course):
        self.course, self.stop = course, threading.Event()
        self.errors: list[str] = []
        self.reads = {"export": 0, "gradebook": 0}
        self.exports: list[tuple[float, float]] = []  # when each `nbgrader export` ran
        self.states: set[int] = set()  # numbers of scored grades seen
        self.threads = [threading.Thread(target=f) for f in (self._export, self._gradebook)]
        for t in self.threads:
            t.start()

    def _export(self):
        env = dict(os.environ)
        env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env.get("PATH", "")
        out = self.course.parent / f"{self.course.name}-grades.csv"
        while not self.stop.is_set():
            start = time.monotonic()
            proc = subprocess.run(
                [sys.executable, "-m", "nbgrader", "export", f"--CsvExportPlugin.to={out}"],
                cwd=self.course,
                env=env,
                capture_output=True,
                text=True,
            )
            self.reads["export"] += 1
            self.exports.append((start, time.monotonic()))
            if proc.returncode != 0 or "locked" in proc.stderr or "rror" in proc.stderr:
                self.errors.append(f"nbgrader export: {proc.returncode} {proc.stderr[-1500:]}")

    def _gradebook(self):
        from nbgrader.api import Gradebook

        while not self.stop.is_set():
            try:
                with Gradebook(
                    f"sqlite:///{self.course / 'gradebook.db'}", course_id=COURSE_ID
                ) as gb:
                    scored = 0
                    for submission in gb.assignment_submissions(ASSIGNMENT):
                        for notebook in submission.notebooks:
                            scored += sum(g.score is not None for g in notebook.grades)
                    self.states.add(scored)
            except Exception as error:  # noqa: BLE001 - every failure of a reader counts
                self.errors.append(f"Gradebook: {type(error).__name__}: {error}")
            self.reads["gradebook"] += 1
            time.sleep(0.05)

    def close(self):
        self.stop.set()
        for t in self.threads:
            t.join()


def test_the_gradebook_can_be_read_while_grade_writes_it(ungraded, reference):
    course = _with_cache(ungraded, reference, "read_while_written")
    readers = Readers(course)
    recording = []  # times at which the `nbgrader autograde` child was seen
    try:
        grader = Grader(course)
        while grader.proc.poll() is None:
            if grader.recording():
                recording.append(time.monotonic())
            time.sleep(POLL)
        seconds = grader.wait()
    finally:
        readers.close()
    assert not readers.errors, readers.errors[:3]
    assert len(readers.states) > 2, f"the readers saw no grading: {readers.states}"
    during = [(a, b) for a, b in readers.exports if a < recording[-1] and b > recording[0]]
    assert during, "no `nbgrader export` ran while grade recorded"
    _assert_same_as_reference(course, reference)
    print(
        f"graded in {seconds:.1f} s while read {readers.reads}, {len(during)} exports during"
        f" the recording; scored grades seen {sorted(readers.states)}"
    )
