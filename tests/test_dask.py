"""Grading through Dask: a real `dask scheduler` and two `dask worker` processes on loopback.

The hostile class (`tests/hostile_class.py`) graded through them gets the
grades, reasons and repairs the local pool gave it (`hostile_graded`, graded
once per session for `tests/test_hostile.py` too). Then, with a fresh
cache and a fresh cluster, one worker is SIGKILLed while it builds a
submission: every submission still gets its grade, recorded once. Last, the
command line's `grade --cluster local` (a `distributed.LocalCluster` it starts
and ends) gives two students the local pool's grades.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import threading

import psutil
import pytest

from autograder.nbgrader.grade_class import grade_class
from autograder.nbgrader.report import silent_zeros
from tests import servers
from tests.hostile_class import ASSIGNMENT, HOSTILE, make_class

pytestmark = pytest.mark.xdist_group("hostile")

#: The kill run's students: `reference` and `zoë_ünïcode` submit the same learner code
#: (one task), `stdout_megabytes` and `patches_the_checks` one task each, and
#: `corrupt_json` none (nothing to judge): 3 tasks, so 3 verdicts in the cache.
KILL_RUN = ["reference", "zoë_ünïcode", "stdout_megabytes", "patches_the_checks", "corrupt_json"]
KILL_RUN_TASKS = 3


def _grade(course, address, students=None) -> dict:
    """`grade` through the Dask scheduler at `address`, with the local pool's limits."""
    return grade_class(
        course,
        ASSIGNMENT,
        students=students,
        timeout=45,
        memory_gib=2,
        progress=False,
        dask=address,
    )


def _same_as_local(report: dict, local: dict, students) -> None:
    for student in students:
        got, want = report["students"][student], local["students"][student]
        for field in ("points", "max_points", "reasons", "intake"):
            assert got[field] == want[field], (
                f"{student}: Expected the local pool's {field} {want[field]!r}. "
                f"Received through Dask: {got[field]!r}."
            )


def test_dask_workers_give_the_local_pools_grades_and_reasons(
    hostile_graded, prepared_courses, tmp_path
):
    _, local = hostile_graded
    course = make_class(tmp_path / "course", prepared_courses)
    with servers.dask_cluster(2) as (address, _):
        report = _grade(course, address)
    assert report["workers"] == 2
    assert sorted(report["students"]) == sorted(HOSTILE)
    _same_as_local(report, local, HOSTILE)
    assert silent_zeros(course, ASSIGNMENT) == []


class _KillsABusyWorker(threading.Thread):
    """SIGKILLs the first worker seen building a submission (a child process running
    `autograder.build_child`): a worker that holds a task."""

    def __init__(self, workers):
        super().__init__(daemon=True)
        self.workers, self.killed = workers, None
        self._done = threading.Event()

    def _busy(self, proc) -> bool:
        try:
            children = psutil.Process(proc.pid).children(recursive=True)
            return any("autograder.build_child" in " ".join(c.cmdline()) for c in children)
        except psutil.Error:
            return False

    def run(self):
        while not self._done.wait(0.05):
            busy = next((p for p in self.workers if self._busy(p)), None)
            if busy is not None:
                busy.send_signal(signal.SIGKILL)
                self.killed = busy
                return

    def stop(self):
        self._done.set()
        self.join()


def test_a_worker_killed_mid_run_loses_nothing(hostile_graded, prepared_courses, tmp_path):
    _, local = hostile_graded
    course = make_class(tmp_path / "course", prepared_courses, KILL_RUN)
    with servers.dask_cluster(2) as (address, workers):
        killer = _KillsABusyWorker(workers)
        killer.start()
        try:
            report = _grade(course, address)
        finally:
            killer.stop()
        assert killer.killed is not None, "Expected a worker to be killed mid-task. Received none."
        assert killer.killed.wait() == -signal.SIGKILL
    assert report["workers"] == 1  # the other one finished the killed worker's task
    assert sorted(report["students"]) == sorted(KILL_RUN)
    _same_as_local(report, local, KILL_RUN)
    assert silent_zeros(course, ASSIGNMENT) == []
    verdicts = sorted((course / ".autograder-cache").glob("*.json"))
    assert len(verdicts) == KILL_RUN_TASKS, [p.name for p in verdicts]
    db = sqlite3.connect(course / "gradebook.db")
    recorded = db.execute(
        "select s.student_id, count(g.id), count(distinct g.cell_id)"
        " from submitted_assignment s"
        " join submitted_notebook n on n.assignment_id = s.id"
        " join grade g on g.notebook_id = n.id group by s.student_id"
    ).fetchall()
    cells = len(local["students"]["reference"]["points"])
    assert sorted(recorded) == sorted((s, cells, cells) for s in KILL_RUN)


def test_workers_are_the_schedulers_own(cli):
    proc = cli("grade", ASSIGNMENT, "--scheduler", "tcp://127.0.0.1:8786", "--workers", "2")
    assert proc.returncode == 2, proc.stderr
    assert "--workers does not apply with --scheduler" in proc.stderr


def test_the_command_line_starts_a_local_cluster(cli, hostile_graded, prepared_courses, tmp_path):
    _, local = hostile_graded
    students = ["reference", "corrupt_json"]
    course = make_class(tmp_path / "course", prepared_courses, students)
    proc = cli(
        "grade", ASSIGNMENT, "--course", str(course), "--cluster", "local", "--workers", "1",
        "--timeout", "45", "--memory-gib", "2",
    )  # fmt: skip
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    report = json.loads((course / "reports" / f"{ASSIGNMENT}.json").read_text(encoding="utf-8"))
    assert sorted(report["students"]) == sorted(students)
    _same_as_local(report, local, students)
    assert silent_zeros(course, ASSIGNMENT) == []
