"""One submission's learner code holds a worker no longer than its stated budget.

Real build processes, with small limits: a notebook of 30 slow cells, one of
30 cells that hang, and a function that forges progress events to reset the
parent's clocks. Each is stopped with a plain reason, and the measured wall
time stays within the formula of `protocol.Limits` (the Keras start-ups that
were measured, plus the learner budget, plus a little per process).
"""

from __future__ import annotations

import time

from autograder import api
from autograder.protocol import BuildStatus, Limits
from autograder.sandbox import run_builds
from autograder.submission import Cell

LIMITS = Limits(seconds=4, startup_seconds=120, shutdown_seconds=10, restarts=2)
#: Starting, polling and killing one build process, besides Keras's start-up.
PROCESS_OVERHEAD = 3.0

FORGER = """
import json, os, time

def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    while True:  # tries to reset every clock of the parent, twice a second
        for fd in os.listdir("/proc/self/fd"):  # the progress file's descriptor
            try:
                target = os.readlink(f"/proc/self/fd/{fd}")
            except OSError:
                continue
            if "progress-" in target:
                for kind in ("ready", "cell_start", "cells_done", "start"):
                    os.write(int(fd), (json.dumps({"kind": kind, "label": "cell 1",
                             "task": "functional_mlp:default"}) + "\\n").encode())
                with open("forged.txt", "a") as f:
                    f.write("forged\\n")
        time.sleep(0.5)
"""


def _cells(sources):
    return [Cell(source=s, label=f"cell {i}", fatal=False) for i, s in enumerate(sources, 1)]


def _build(tmp_path, name, cells):
    workdir = tmp_path / name
    workdir.mkdir()
    tasks = api.tasks_for(["functional_mlp"])
    start = time.monotonic()
    report = run_builds(cells, tasks, workdir, limits=LIMITS)
    return report, time.monotonic() - start


def _within_the_formula(report, wall):
    budget = LIMITS.learner_seconds(1)
    assert report.processes <= LIMITS.restarts + 1
    assert report.learner_seconds <= budget + 0.5
    bound = sum(report.startup_seconds) + budget + report.processes * PROCESS_OVERHEAD
    assert wall <= bound, (wall, report)
    assert wall <= LIMITS.worst_case_seconds(1) - LIMITS.judge_seconds


def test_slow_hanging_and_forging_submissions_are_stopped_within_the_budget(tmp_path):
    start = time.monotonic()
    budget_reason = f"Time limit: your code ran longer than {LIMITS.learner_seconds(1):g} s in all"
    figures = {}

    # 30 cells of 1.5 s each (45 s): every cell keeps under its limit of 4 s.
    slow = _cells(["import time\ntime.sleep(1.5)"] * 30)
    report, wall = _build(tmp_path, "slow", slow)
    assert {o.status for o in report.outcomes.values()} == {BuildStatus.TIMED_OUT}
    assert report.outcomes["functional_mlp:default"].error.startswith(budget_reason)
    _within_the_formula(report, wall)
    figures["slow"] = (wall, report.startup_seconds, report.learner_seconds)

    # 30 cells that hang: each costs its limit and a restart, until the budget is spent.
    hanging = _cells(["import time\ntime.sleep(3600)"] * 30)
    report, wall = _build(tmp_path, "hanging", hanging)
    assert report.processes == 3
    assert {o.status for o in report.outcomes.values()} == {BuildStatus.TIMED_OUT}
    *first, (_, last) = report.cell_errors
    assert [error.split(".")[0] for _, error in first] == [
        "Time limit: running your code took longer than 4 s"
    ] * 2
    assert last.startswith(budget_reason)  # the third hang spends what is left
    _within_the_formula(report, wall)
    figures["hanging"] = (wall, report.startup_seconds, report.learner_seconds)

    # A function that forges `ready`, `cell_start` and `start` events twice a second.
    report, wall = _build(tmp_path, "forger", _cells([FORGER]))
    first = report.outcomes["functional_mlp:default"]
    forged = (tmp_path / "forger" / "forged.txt").read_text(encoding="utf-8")
    assert forged.count("forged") > 3  # it did write to the progress file
    assert first.status is BuildStatus.TIMED_OUT and first.error.startswith(budget_reason)
    assert all(not o.ok for o in report.outcomes.values())
    _within_the_formula(report, wall)
    figures["forger"] = (wall, report.startup_seconds, report.learner_seconds)

    print(
        {
            k: (round(w, 1), [round(s, 1) for s in st], round(ls, 1))
            for k, (w, st, ls) in figures.items()
        }
    )
    assert time.monotonic() - start < 300
