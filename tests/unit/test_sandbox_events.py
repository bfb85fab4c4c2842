"""The sandbox's decisions, driven by fake build processes and a fake clock.

A `FakeChild` plays what `build_child` would write, at given times, and can
hang, crash, grow, or forge events as learner code can; `sandbox.supervise`
and `sandbox.build` decide as they do for real processes. No subprocess.
"""

from __future__ import annotations

import dataclasses

import pytest

from autograder import sandbox
from autograder.protocol import BuildOutcome, BuildStatus, BuildTask, EventKind, Limits
from autograder.protocol import ProgressEvent as Event
from autograder.submission import Cell

LIMITS = Limits(seconds=10, memory_gib=1, startup_seconds=30, shutdown_seconds=5, restarts=2)
FOREVER = float("inf")


class Clock:
    """The parent's clock: time moves only when the parent sleeps."""

    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.now += seconds


class FakeChild:
    """A build process that writes `timeline` ((seconds after its start, event) pairs).

    Args:
        clock: The shared `Clock`.
        timeline: The events, in time order.
        exit_at: When it exits by itself (seconds after its start), if ever.
        returncode: Its exit status then.
        memory: `memory(seconds after its start)` in bytes.
    """

    def __init__(self, clock, timeline, exit_at=FOREVER, returncode=0, memory=lambda t: 0):
        self.clock, self.started = clock, clock()
        self.timeline, self.exit_at, self.returncode = list(timeline), exit_at, returncode
        self._memory, self.read, self.killed = memory, 0, False

    def _age(self) -> float:
        return self.clock() - self.started

    def poll(self):
        if self.killed:
            return -9
        return self.returncode if self._age() >= self.exit_at else None

    def events(self):
        until = min(self._age(), self.exit_at)
        new = [e for t, e in self.timeline[self.read :] if t <= until]
        self.read += len(new)
        return new

    def memory(self) -> int:
        return self._memory(self._age())

    def kill(self):
        self.killed = True

    def wait(self):
        return self.poll()


def _supervise(child, clock, limits=LIMITS, budget=20.0, used=0.0):
    watcher = sandbox.Watcher(limits, clock(), budget, used)
    return sandbox.supervise(child, watcher, clock=clock, sleep=clock.sleep), watcher


def _ev(kind, **fields):
    return Event(EventKind(kind), **fields)


def _clean_run(ready=4.0, task="e:default"):
    return [
        (ready, _ev("ready")),
        (ready, _ev("cell_start", label="cell 1")),
        (ready + 1, _ev("cells_done")),
        (ready + 1, _ev("start", task=task)),
        (ready + 2, _ev("done", task=task, status=BuildStatus.OK)),
        (ready + 2, _ev("finished")),
    ]


# --------------------------------------------------------------------------- one process


def test_a_clean_run_ends_without_a_status_and_measures_startup_apart():
    clock = Clock()
    end, _ = _supervise(FakeChild(clock, _clean_run(), exit_at=7), clock)
    assert end.status is None and end.reason == ""
    assert [e.kind for e in end.events][-1] is EventKind.FINISHED
    assert end.startup_seconds == pytest.approx(4, abs=0.06)
    assert end.learner_seconds == pytest.approx(2, abs=0.11)


def test_a_slow_keras_start_is_its_own_limit_and_not_the_learners_fault():
    clock = Clock()
    end, _ = _supervise(FakeChild(clock, [(100, _ev("ready"))]), clock)
    assert end.status is BuildStatus.TIMED_OUT
    assert "starting Keras (before your code ran) took longer than 30 s" in end.reason
    assert "not of your code" in end.reason
    assert clock.now == pytest.approx(30, abs=0.1) and end.learner_seconds == 0


def test_a_cell_that_hangs_is_timed_out_after_the_per_cell_limit():
    clock = Clock()
    timeline = [(1, _ev("ready")), (1, _ev("cell_start", label="cell 1"))]
    end, _ = _supervise(FakeChild(clock, timeline), clock)
    assert end.status is BuildStatus.TIMED_OUT
    assert end.reason.startswith("Time limit: running your code took longer than 10 s.")
    assert clock.now == pytest.approx(11, abs=0.1)


def test_a_task_that_hangs_is_timed_out_as_building_the_model():
    clock = Clock()
    timeline = [(1, _ev("ready")), (2, _ev("cells_done")), (2, _ev("start", task="e:default"))]
    end, _ = _supervise(FakeChild(clock, timeline), clock)
    assert end.reason.startswith("Time limit: building the model took longer than 10 s.")


def test_forged_events_do_not_extend_the_learner_budget():
    """Learner code writes a new `cell_start`, `start` and `ready` every second."""
    clock = Clock()
    forged = [(1, _ev("ready"))]
    for second in range(2, 10_000):
        forged += [
            (second, _ev("cell_start", label="cell 1")),
            (second, _ev("start", task="e:default")),
            (second, _ev("ready")),
        ]
    # It would end by itself after an hour, were it not stopped.
    end, watcher = _supervise(FakeChild(clock, forged, exit_at=3600), clock, budget=20.0)
    assert end.status is BuildStatus.TIMED_OUT
    assert "ran longer than 20 s in all" in end.reason
    assert clock.now == pytest.approx(1 + 20, abs=0.1)  # startup + budget, not one second more
    assert watcher.ready_at == pytest.approx(1, abs=0.06)  # only the first ready counted


def test_the_budget_counts_what_earlier_processes_used():
    clock = Clock()
    timeline = [(1, _ev("ready")), (1, _ev("cell_start", label="c"))]
    end, _ = _supervise(FakeChild(clock, timeline), clock, budget=20.0, used=15.0)
    assert "in all" in end.reason and clock.now == pytest.approx(1 + 5, abs=0.1)


def test_a_forged_finished_only_buys_the_shutdown_grace():
    clock = Clock()
    timeline = [(1, _ev("ready")), (2, _ev("finished")), (3, _ev("cell_start", label="c"))]
    end, watcher = _supervise(FakeChild(clock, timeline), clock)
    assert end.status is None  # it said it finished: nothing that follows is reported
    assert clock.now == pytest.approx(2 + LIMITS.shutdown_seconds, abs=0.1)
    assert end.learner_seconds == pytest.approx(1, abs=0.06)


def test_memory_over_the_cap_is_out_of_memory():
    clock = Clock()
    timeline = [(1, _ev("ready")), (1, _ev("cells_done")), (1, _ev("start", task="t"))]
    child = FakeChild(clock, timeline, memory=lambda t: 2 * 1024**3 if t > 3 else 0)
    end, _ = _supervise(child, clock)
    assert end.status is BuildStatus.OUT_OF_MEMORY
    assert end.reason.startswith("Memory limit: your code used more than 1.0 GiB.")


def test_memory_after_finished_costs_nothing():
    clock = Clock()
    child = FakeChild(clock, _clean_run(), exit_at=9, memory=lambda t: 5 * 1024**3 if t > 6 else 0)
    assert _supervise(child, clock)[0].status is None


def test_a_process_killed_by_a_signal_crashed():
    clock = Clock()
    timeline = [(1, _ev("ready")), (1, _ev("cells_done")), (1, _ev("start", task="t"))]
    end, _ = _supervise(FakeChild(clock, timeline, exit_at=2, returncode=-9), clock)
    assert end.status is BuildStatus.CRASHED
    assert "killed by signal SIGKILL" in end.reason


def test_a_process_that_exits_early_crashed_with_its_exit_code():
    clock = Clock()
    end, _ = _supervise(FakeChild(clock, [(1, _ev("ready"))], exit_at=2, returncode=0), clock)
    assert end.status is BuildStatus.CRASHED and "exit code 0" in end.reason


def test_a_memory_error_reported_before_a_crash_makes_it_out_of_memory():
    clock = Clock()
    timeline = [
        (1, _ev("ready")),
        (1, _ev("cell_start", label="c")),
        (2, _ev("cell_error", label="c", status=BuildStatus.OUT_OF_MEMORY, error="MemoryError")),
    ]
    end, _ = _supervise(FakeChild(clock, timeline, exit_at=3, returncode=-6), clock)
    assert end.status is BuildStatus.OUT_OF_MEMORY
    assert end.reason == "Memory limit: your code ran out of memory."


def test_words_in_an_error_decide_nothing():
    clock = Clock()
    words = "MemoryError bad_alloc NotImplementedError No function named Not checked"
    timeline = [
        (1, _ev("ready")),
        (1, _ev("cell_start", label="c")),
        (2, _ev("cell_error", label="c", status=BuildStatus.RAISED, error=words)),
    ]
    end, _ = _supervise(FakeChild(clock, timeline, exit_at=3, returncode=-6), clock)
    assert end.status is BuildStatus.CRASHED


# --------------------------------------------------------------------------- a submission


@dataclasses.dataclass
class Plan:
    """What a fake build process does with each cell and task: seconds, "hang" or "crash"."""

    cells: dict
    tasks: dict
    startup: float = 2.0


def _spawner(clock, plan: Plan, spawned: list):
    def spawn(cells, tasks, number):
        t, timeline = plan.startup, [(plan.startup, _ev("ready"))]
        exit_at, code = FOREVER, 0
        for cell in cells:
            timeline.append((t, _ev("cell_start", label=cell.label)))
            what = plan.cells.get(cell.label, 0.5)
            if what in ("hang", "crash"):
                exit_at, code = (FOREVER, 0) if what == "hang" else (t, -9)
                break
            t += what
        else:
            timeline.append((t, _ev("cells_done")))
            for task in tasks:
                timeline.append((t, _ev("start", task=task.id)))
                what = plan.tasks.get(task.id, 0.5)
                if what in ("hang", "crash"):
                    exit_at, code = (FOREVER, 0) if what == "hang" else (t, -9)
                    break
                t += what
                with open(task.out, "w") as f:
                    f.write("model")
                timeline.append((t, _ev("done", task=task.id, status=BuildStatus.OK)))
            else:
                timeline.append((t, _ev("finished")))
                exit_at = t + 0.5
        spawned.append([c.label for c in cells])
        return FakeChild(clock, timeline, exit_at, code)

    return spawn


def _tasks(tmp_path, *ids):
    return [
        BuildTask(
            id=i, exercise=i.split(":")[0], function=f"f_{i.split(':')[0]}", out=str(tmp_path / i)
        )
        for i in ids
    ]


def _build(tmp_path, plan, cells, task_ids, limits=LIMITS):
    clock, spawned = Clock(), []
    report = sandbox.build(
        [Cell(source="", label=label, fatal=False) for label in cells],
        _tasks(tmp_path, *task_ids),
        limits,
        _spawner(clock, plan, spawned),
        clock=clock,
        sleep=clock.sleep,
    )
    return report, spawned, clock


def test_a_good_submission_is_built_in_one_process(tmp_path):
    report, spawned, _ = _build(tmp_path, Plan({}, {}), ["c1", "c2"], ["a:default", "a:other"])
    assert report.processes == 1 and len(spawned) == 1
    assert {o.status for o in report.outcomes.values()} == {BuildStatus.OK}
    assert report.startup_seconds == [pytest.approx(2, abs=0.06)]


def test_a_hanging_cell_is_skipped_and_the_rest_rebuilt(tmp_path):
    plan = Plan({"c2": "hang"}, {})
    report, spawned, _ = _build(tmp_path, plan, ["c1", "c2", "c3"], ["a:default"])
    assert spawned == [["c1", "c2", "c3"], ["c1", "c3"]]
    assert report.outcomes["a:default"].ok
    [(label, error)] = report.cell_errors
    assert label == "c2" and error.startswith("Time limit: running your code")


def test_thirty_slow_cells_are_stopped_by_the_submission_budget(tmp_path):
    """Each cell keeps under the per-cell limit; together they run past the budget."""
    cells = [f"cell {i}" for i in range(30)]
    plan = Plan(dict.fromkeys(cells, 9.0), {})
    report, spawned, clock = _build(tmp_path, plan, cells, ["a:default", "b:default"])
    budget = LIMITS.learner_seconds(2)
    assert {o.status for o in report.outcomes.values()} == {BuildStatus.TIMED_OUT}
    assert "ran longer than 50 s in all" in report.outcomes["a:default"].error
    assert report.learner_seconds == pytest.approx(budget, abs=0.1)
    assert clock.now <= LIMITS.worst_case_seconds(2) - LIMITS.judge_seconds
    assert clock.now == pytest.approx(plan.startup + budget, abs=0.2)


def test_thirty_crashing_cells_restart_at_most_the_stated_number_of_times(tmp_path):
    cells = [f"cell {i}" for i in range(30)]
    plan = Plan(dict.fromkeys(cells, "crash"), {})
    report, spawned, _ = _build(tmp_path, plan, cells, ["a:default"])
    assert report.processes == len(spawned) == LIMITS.restarts + 1
    outcome = report.outcomes["a:default"]
    assert outcome.status is BuildStatus.NOT_RUN
    assert "stopped the build process 3 times" in outcome.error


def test_a_crashing_call_costs_its_exercise_only(tmp_path):
    plan = Plan({}, {"a:default": "crash"})
    ids = ["a:default", "a:other", "b:default"]
    report, spawned, _ = _build(tmp_path, plan, ["c1"], ids)
    assert report.outcomes["a:default"].status is BuildStatus.CRASHED
    assert report.outcomes["a:other"].status is BuildStatus.NOT_RUN
    assert report.outcomes["a:other"].error.startswith("Not run: an earlier call of `f_a`")
    assert report.outcomes["b:default"].ok and len(spawned) == 2


def test_a_task_that_hangs_costs_its_limit_then_the_next_exercise_is_built(tmp_path):
    plan = Plan({}, {"a:default": "hang"})
    report, _, clock = _build(tmp_path, plan, ["c1"], ["a:default", "b:default"])
    assert report.outcomes["a:default"].status is BuildStatus.TIMED_OUT
    assert report.outcomes["b:default"].ok
    assert clock.now < 2 * (LIMITS.startup_seconds + LIMITS.seconds)


def test_done_without_a_saved_model_is_no_model(tmp_path):
    clock = Clock()
    [task] = _tasks(tmp_path, "a:default")
    timeline = [
        (1, _ev("ready")),
        (1, _ev("cells_done")),
        (1, _ev("start", task=task.id)),
        (2, _ev("done", task=task.id, status=BuildStatus.OK)),  # forged: no file
        (2, _ev("finished")),
    ]
    report = sandbox.build(
        [],
        [task],
        LIMITS,
        lambda *a: FakeChild(clock, timeline, exit_at=3),
        clock=clock,
        sleep=clock.sleep,
    )
    assert report.outcomes[task.id] == BuildOutcome(BuildStatus.RAISED, error="No model was saved.")


def test_a_missing_function_is_explained_by_the_cells_that_failed(tmp_path):
    clock = Clock()
    [task] = _tasks(tmp_path, "a:default")
    missing = "LookupError: No function named `f_a` is defined."
    timeline = [
        (1, _ev("ready")),
        (1, _ev("cell_start", label="cell 1")),
        (1, _ev("cell_error", label="cell 1", status=BuildStatus.RAISED, error="x\nNameError: y")),
        (1, _ev("cells_done")),
        (1, _ev("start", task=task.id)),
        (1, _ev("done", task=task.id, status=BuildStatus.MISSING_FUNCTION, error=missing)),
        (1, _ev("finished")),
    ]
    report = sandbox.build(
        [Cell(source="", label="cell 1", fatal=False)],
        [task],
        LIMITS,
        lambda *a: FakeChild(clock, timeline, exit_at=2),
        clock=clock,
        sleep=clock.sleep,
    )
    outcome = report.outcomes[task.id]
    assert outcome.status is BuildStatus.MISSING_FUNCTION
    assert outcome.error == f"{missing}\nThese cells failed:\ncell 1: NameError: y"


def test_a_fatal_cell_that_raised_stops_every_task_as_raised(tmp_path):
    clock = Clock()
    tasks = _tasks(tmp_path, "a:default", "b:default")
    timeline = [
        (1, _ev("ready")),
        (1, _ev("cell_start", label="file.py")),
        (1, _ev("cell_error", label="file.py", status=BuildStatus.RAISED, error="SystemExit: 3")),
        (1, _ev("cells_failed")),
        (1, _ev("finished")),
    ]
    report = sandbox.build(
        [Cell(source="", label="file.py", fatal=True)],
        tasks,
        LIMITS,
        lambda *a: FakeChild(clock, timeline, exit_at=2),
        clock=clock,
        sleep=clock.sleep,
    )
    for outcome in report.outcomes.values():
        assert outcome.status is BuildStatus.RAISED
        assert outcome.error.endswith("could be called:\nSystemExit: 3")


# --------------------------------------------------------------------------- hostile input


def test_a_forged_start_of_an_unknown_task_is_ignored(tmp_path):
    clock = Clock()
    timeline = [
        (1, _ev("ready")),
        (1, _ev("cells_done")),
        (1, _ev("start", task="no-such-task")),
        (1, _ev("start", task="a:default")),
    ]

    def spawn(cells, tasks, number):
        return FakeChild(clock, timeline, exit_at=2, returncode=-9)

    report = sandbox.build(
        [], _tasks(tmp_path, "a:default"), LIMITS, spawn, clock=clock, sleep=clock.sleep
    )
    assert report.outcomes["a:default"].status is BuildStatus.CRASHED
    assert set(report.outcomes) == {"a:default"}


@pytest.mark.parametrize("returncode", [-40, -50])
def test_a_real_time_signal_is_named_by_its_number(returncode):
    assert f"signal {-returncode} " in sandbox._death(returncode)


def test_events_that_are_too_deep_or_too_long_are_skipped(tmp_path):
    path = tmp_path / "progress.jsonl"
    deep = "[" * 100_000 + "\n"
    path.write_text(deep + Event(EventKind.READY).line(), encoding="utf-8")
    events, offset = sandbox._read_events(path, 0)
    assert [e.kind for e in events] == [EventKind.READY]
    assert offset == path.stat().st_size

    path.write_bytes(b"x" * (sandbox.EVENT_READ_BYTES + 10))  # one line, no end
    events, offset = sandbox._read_events(path, 0)
    assert events == [] and offset == sandbox.EVENT_READ_BYTES
