"""Runs learner code in a separate, limited process and collects its models.

One build process runs a submission's cells once, then builds every task
(one task = one call of an exercise's function, see `exercise.Build`). The
parent watches it: a task that runs past the time limit, a process that grows
past the memory cap, exits, or is killed, costs the task it was working on;
the remaining tasks are built again in a fresh process. Every task ends with
a `protocol.BuildOutcome`: a status, decided here from the signal, exit or
limit the parent saw, or by the build process from the exception it saw,
and a reason a learner can read.

Limits (`protocol.Limits`, whose docstring gives the worst case as a
formula): wall-clock time per cell and per task, and in all for the
submission's learner code, counted by the parent's own clock from the first
`ready` of each process (learner code can write the progress file, so no
later event moves a deadline); Keras's start-up, bounded apart; the number of
build processes; resident anonymous memory of the whole process tree (polled
by the parent), address space (`RLIMIT_AS`, the memory cap plus room for
TensorFlow's reserved mappings), file size (`RLIMIT_FSIZE`) and no core
files. The process starts in its own session (and dies with the grader
thread that started it, even one killed with SIGKILL), in an empty temporary
directory, with `python -I` (no user site, no `PYTHON*` variables, no script
or working directory on `sys.path`, so a `keras.py` beside the submission
cannot shadow Keras).
"""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import pathlib
import signal
import subprocess
import sys
import tempfile
import time

import psutil

from autograder import isolation
from autograder.processes import Tail, die_with_grader, kill_group, tree_memory
from autograder.protocol import (
    BuildOutcome,
    BuildStatus,
    BuildTask,
    EventKind,
    Limits,
    ProgressEvent,
)
from autograder.submission import Cell

ADDRESS_SPACE_ALLOWANCE = 2 * 1024**3  # TensorFlow reserves ~1.6 GiB it never touches
FILE_SIZE_LIMIT = 1024**3
POLL_SECONDS = 0.05

QUIET_TENSORFLOW = {
    "TF_CPP_MIN_LOG_LEVEL": "3",
    "TF_ENABLE_ONEDNN_OPTS": "0",
    "KERAS_BACKEND": "tensorflow",
    "CUDA_VISIBLE_DEVICES": "",
    "PYTHONHASHSEED": "0",
    "MPLBACKEND": "Agg",
    "MALLOC_ARENA_MAX": "2",
}
#: Build and judge processes compute on one core each: their results do not
#: depend on the machine's thread count, and N workers use N cores.
ONE_THREAD = {"TF_NUM_INTRAOP_THREADS": "1", "TF_NUM_INTEROP_THREADS": "1", "OMP_NUM_THREADS": "1"}


@dataclasses.dataclass
class BuildReport:
    """Everything the sandbox learned from running a submission.

    Args:
        outcomes: Task id -> its `protocol.BuildOutcome`.
        cell_errors: `(cell label, error text)` of each cell that failed.
        processes: How many build processes ran.
        startup_seconds: For each process that got that far, the seconds
            from its start to Keras imported (not learner time).
        learner_seconds: Wall time learner code ran, over every process.
    """

    outcomes: dict[str, BuildOutcome]
    cell_errors: list[tuple[str, str]]
    processes: int
    startup_seconds: list[float] = dataclasses.field(default_factory=list)
    learner_seconds: float = 0.0


def child_env(workdir: pathlib.Path) -> dict:
    """The whole environment of a build process: no variable of the grader's own.

    Args:
        workdir: The build's working directory, also its home and temporary
            folder.

    Returns:
        Variable name -> value: a short `PATH` with this Python's folder,
        `QUIET_TENSORFLOW`, `ONE_THREAD` and `AUTOGRADER_SANDBOX=1`.
    """
    env = {
        "PATH": os.path.dirname(sys.executable) + os.pathsep + "/usr/bin:/bin",
        "HOME": str(workdir),
        "TMPDIR": str(workdir),
        "KERAS_HOME": str(workdir / ".keras"),
        "MPLCONFIGDIR": str(workdir / ".matplotlib"),
        "LANG": "C.UTF-8",
        "AUTOGRADER_SANDBOX": "1",
    }
    env.update(QUIET_TENSORFLOW)
    env.update(ONE_THREAD)
    return env


#: Bytes of the progress file read per poll; a longer line is no event.
EVENT_READ_BYTES = 1024**2


def _read_events(path: pathlib.Path, offset: int) -> tuple[list[ProgressEvent], int]:
    """The whole lines appended since `offset`; lines that are no event are skipped.

    The file lies in a folder only the parent writes (the build process holds
    an open descriptor of it), and at most `EVENT_READ_BYTES` are read per
    call, so learner code can neither swap it for a FIFO nor flood the parent.
    """
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read(EVENT_READ_BYTES)
    except FileNotFoundError:
        return [], offset
    end = data.rfind(b"\n") + 1
    if end == 0 and len(data) == EVENT_READ_BYTES:  # one line longer than the window
        return [], offset + len(data)
    events = []
    for line in data[:end].splitlines():
        try:
            events.append(ProgressEvent.from_json(json.loads(line)))
        except (ValueError, TypeError, RecursionError):
            continue
    return events, offset + end


def _death(returncode: int | None) -> str:
    """Why a process that did not finish ended, from its exit status."""
    number = -returncode if returncode and returncode < 0 else 0
    if returncode and 128 < returncode <= 128 + 64 and isolation.available():
        number = returncode - 128  # passed on by the namespace's PID 1 (build_child)
    if number:
        try:
            name = signal.Signals(number).name
        except ValueError:  # a real-time signal
            name = str(number)
        return f"The Python process was killed by signal {name} (a crash, or code that kills it)."
    return (
        f"The Python process ended with exit code {returncode} before it finished "
        "(`os._exit`, or a crash)."
    )


class BuildProcess:
    """One running build process, as `supervise` sees it.

    Args:
        cells: The cells it runs.
        tasks: The tasks it builds.
        workdir: The build's working directory.
        number: The process's number within the submission (1, 2, ...).
        limits: The `protocol.Limits`.
        hide: More directories it must not see.
    """

    def __init__(
        self,
        cells,
        tasks,
        workdir: pathlib.Path,
        control: pathlib.Path,
        number: int,
        limits: Limits,
        hide,
    ):
        # The job and the progress file live in `control`, which learner code
        # cannot write: it gets an open descriptor of the progress file only.
        self._progress = control / f"progress-{number}.jsonl"
        self._offset = 0
        job = control / f"job-{number}.json"
        progress = os.open(self._progress, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
        job.write_text(
            json.dumps(
                {
                    "cells": [dataclasses.asdict(c) for c in cells],
                    "tasks": [t.to_json() for t in tasks],
                    "progress_fd": progress,
                    "memory_bytes": limits.memory_bytes + ADDRESS_SPACE_ALLOWANCE,
                    "file_bytes": FILE_SIZE_LIMIT,
                    "isolate": {
                        "writable": str(workdir.resolve()),
                        "hidden": isolation.private_paths(hide),
                    }
                    if isolation.available()
                    else None,
                }
            ),
            encoding="utf-8",
        )
        try:
            self._proc = subprocess.Popen(
                [
                    *isolation.command_prefix(),
                    sys.executable,
                    "-I",
                    "-m",
                    "autograder.build_child",
                    str(job),
                ],
                cwd=workdir,
                env=child_env(workdir),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                pass_fds=(progress,),
                start_new_session=True,
                preexec_fn=functools.partial(die_with_grader, os.getpid()),
            )
        finally:
            os.close(progress)
        self._tails = [Tail(self._proc.stdout), Tail(self._proc.stderr)]
        for t in self._tails:
            t.start()
        self._watched = psutil.Process(self._proc.pid)

    def poll(self) -> int | None:
        """The exit status, or `None` while it runs."""
        return self._proc.poll()

    def events(self) -> list[ProgressEvent]:
        """The events written since the last call."""
        new, self._offset = _read_events(self._progress, self._offset)
        return new

    def memory(self) -> int:
        """Resident anonymous memory of its process tree, in bytes."""
        return tree_memory(self._watched)

    def kill(self) -> None:
        """Kills its whole process group."""
        kill_group(self._proc)

    def wait(self) -> int:
        """Waits for it to end, kills what it left behind; returns its exit status."""
        self._proc.wait()
        kill_group(self._proc)
        for t in self._tails:
            t.join(timeout=5)
        return self._proc.returncode


@dataclasses.dataclass(frozen=True)
class Stop:
    """Why the parent stops a build process.

    Args:
        status: The status of what was running; `None` for a process that
            finished and only took too long to exit.
        reason: In words, for the learner.
    """

    status: BuildStatus | None
    reason: str = ""


#: What a learner is told a phase was doing when it ran out of time.
_PHASES = {"cells": "running your code", "tasks": "building the model"}
_LOOK = "Look for an endless loop, a long `sleep`, or training inside the function."


class Watcher:
    """Decides when to stop one build process, from the parent's clock.

    Fed with the process's events and the current time, it says when to stop
    it. Learner code can write the progress file, so only the process's
    first `READY` (written before any learner code runs) and first
    `FINISHED` move its clocks: the time since `READY` counts against the
    submission's learner budget, and nothing written later can extend it.
    The other events only tell which cell or call to blame, and restart
    that one's own limit (`Limits.seconds`), inside the budget.

    Args:
        limits: The `protocol.Limits`.
        started: The clock when the process started.
        budget: The submission's learner budget, in seconds
            (`Limits.learner_seconds`).
        used: Seconds of it that earlier processes used.
    """

    def __init__(self, limits: Limits, started: float, budget: float, used: float = 0.0):
        self.limits = limits
        self.started = started
        self.budget = budget
        self.used = used
        self.ready_at: float | None = None
        self.finished_at: float | None = None
        self.phase, self.phase_start = "startup", started

    def see(self, event: ProgressEvent, now: float) -> None:
        """Takes one event the process wrote, read at `now`."""
        if self.finished_at is not None:
            return
        if self.ready_at is None:
            if event.kind is EventKind.READY:
                self.ready_at, self.phase, self.phase_start = now, "cells", now
            return
        if event.kind is EventKind.FINISHED:
            # Everything is recorded: what the interpreter does while it
            # shuts down (memory spikes, hangs in exit handlers) costs nothing.
            self.finished_at = now
        elif event.kind is EventKind.CELL_START:
            self.phase, self.phase_start = "cells", now
        elif event.kind in (EventKind.CELLS_DONE, EventKind.START, EventKind.DONE):
            self.phase, self.phase_start = "tasks", now

    @property
    def startup_seconds(self) -> float | None:
        """Seconds from start to Keras imported; `None` before that."""
        return None if self.ready_at is None else self.ready_at - self.started

    def learner_seconds(self, now: float) -> float:
        """Seconds learner code has run in this process by `now`."""
        if self.ready_at is None:
            return 0.0
        end = now if self.finished_at is None else min(now, self.finished_at)
        return max(0.0, end - self.ready_at)

    def stop(self, now: float, memory: int) -> Stop | None:
        """A `Stop` if the process must be stopped at `now`, else `None`.

        Args:
            now: The clock.
            memory: The process tree's resident anonymous memory, in bytes.
        """
        limits = self.limits
        if self.finished_at is not None:
            return Stop(None) if now - self.finished_at > limits.shutdown_seconds else None
        if self.ready_at is None and now - self.started > limits.startup_seconds:
            return Stop(
                BuildStatus.TIMED_OUT,
                f"Time limit: starting Keras (before your code ran) took longer than "
                f"{limits.startup_seconds:g} s. This is a problem of the grader's machine, "
                "not of your code: try again, or tell your instructor.",
            )
        if self.ready_at is not None and self.used + self.learner_seconds(now) > self.budget:
            return Stop(BuildStatus.TIMED_OUT, budget_reason(limits, self.budget))
        if self.ready_at is not None and now - self.phase_start > limits.seconds:
            return Stop(
                BuildStatus.TIMED_OUT,
                f"Time limit: {_PHASES[self.phase]} took longer than {limits.seconds:g} s. {_LOOK}",
            )
        if memory > limits.memory_bytes:
            return Stop(
                BuildStatus.OUT_OF_MEMORY,
                f"Memory limit: your code used more than {limits.memory_gib:.1f} GiB. "
                "Look for a very large array or layer.",
            )
        return None


def budget_reason(limits: Limits, budget: float) -> str:
    """What a learner is told when the submission's learner budget is used up."""
    return (
        f"Time limit: your code ran longer than {budget:g} s in all, the limit for this "
        f"submission (twice {limits.seconds:g} s per exercise, and {limits.seconds:g} s "
        f"more). {_LOOK}"
    )


@dataclasses.dataclass
class ProcessEnd:
    """How one build process ended.

    Args:
        events: Every event it wrote.
        status: `None` if it finished; else the status of what it was
            doing when it stopped (timed out, out of memory, crashed).
        reason: Why, in words, when `status` is set.
        startup_seconds: Its Keras start-up (`None` if it never got there).
        learner_seconds: How long learner code ran in it.
    """

    events: list[ProgressEvent]
    status: BuildStatus | None
    reason: str
    startup_seconds: float | None
    learner_seconds: float


def supervise(process, watcher: Watcher, *, clock=time.monotonic, sleep=time.sleep) -> ProcessEnd:
    """Watches one build process until it ends or `watcher` stops it.

    Args:
        process: A `BuildProcess`, or an object with its methods.
        watcher: The `Watcher` of this process.
        clock: The parent's clock, in seconds.
        sleep: Waits between polls.

    Returns:
        A `ProcessEnd`.
    """
    events, stop = [], None
    while process.poll() is None:
        now = clock()
        for event in process.events():
            events.append(event)
            watcher.see(event, now)
        memory = process.memory() if watcher.finished_at is None else 0
        stop = watcher.stop(now, memory)
        if stop is not None:
            process.kill()
            break
        sleep(POLL_SECONDS)
    end = clock()
    returncode = process.wait()
    for event in process.events():
        events.append(event)
        watcher.see(event, end)
    learner = watcher.learner_seconds(end)
    if stop is not None and stop.status is not None:
        return ProcessEnd(events, stop.status, stop.reason, watcher.startup_seconds, learner)
    if any(e.kind is EventKind.FINISHED for e in events):
        return ProcessEnd(events, None, "", watcher.startup_seconds, learner)
    if any(e.status is BuildStatus.OUT_OF_MEMORY for e in events):
        status, reason = BuildStatus.OUT_OF_MEMORY, "Memory limit: your code ran out of memory."
    else:
        status, reason = BuildStatus.CRASHED, _death(returncode)
    return ProcessEnd(events, status, reason, watcher.startup_seconds, learner)


def _ended(task: BuildTask, event: ProgressEvent) -> BuildOutcome:
    """The outcome a `DONE` event reports; `OK` only if the model file is there."""
    if event.status is BuildStatus.OK and os.path.isfile(task.out):
        return BuildOutcome(BuildStatus.OK, path=task.out, info=event.info)
    if event.status in (None, BuildStatus.OK):
        return BuildOutcome(BuildStatus.RAISED, error="No model was saved.")
    return BuildOutcome(event.status, error=event.error or "No model was saved.", info=event.info)


def build(
    cells: list[Cell],
    tasks: list[BuildTask],
    limits: Limits,
    spawn,
    *,
    clock=time.monotonic,
    sleep=time.sleep,
) -> BuildReport:
    """Builds every task in build processes that `spawn` starts, within `limits`.

    The decisions of `run_builds`, apart from the processes themselves (the
    unit tests drive it with fake processes and a fake clock).

    Args:
        cells: The learner code.
        tasks: The calls to make, with their `out` files set.
        limits: The `protocol.Limits`.
        spawn: `spawn(cells, tasks, number)` starts a build process and
            returns it (see `BuildProcess`).
        clock: The parent's clock, in seconds.
        sleep: Waits between polls.

    Returns:
        A `BuildReport` with one `BuildOutcome` per task id.
    """
    budget = limits.learner_seconds(len({t.exercise for t in tasks}))
    report = BuildReport(outcomes={}, cell_errors=[], processes=0)
    outcomes, cell_errors = report.outcomes, report.cell_errors
    skipped: set[str] = set()  # cells that hung or ended the process: left out of reruns
    pending = list(tasks)
    while pending:
        if report.learner_seconds >= budget:
            for task in pending:
                outcomes[task.id] = BuildOutcome(
                    BuildStatus.TIMED_OUT, error=budget_reason(limits, budget)
                )
            break
        if report.processes > limits.restarts:
            for task in pending:
                outcomes[task.id] = BuildOutcome(
                    BuildStatus.NOT_RUN,
                    error=f"Not run: your code stopped the build process "
                    f"{report.processes} times, the most for one submission.",
                )
            break
        report.processes += 1
        runnable = [c for c in cells if c.label not in skipped]
        watcher = Watcher(limits, clock(), budget, report.learner_seconds)
        process = spawn(runnable, pending, report.processes)
        end = supervise(process, watcher, clock=clock, sleep=sleep)
        report.learner_seconds += end.learner_seconds
        if end.startup_seconds is not None:
            report.startup_seconds.append(end.startup_seconds)
        by_id = {t.id: t for t in pending}
        started, running_cell, cells_done = set(), None, False
        for event in end.events:
            if event.kind is EventKind.CELL_START:
                running_cell = next((c for c in runnable if c.label == event.label), None)
            elif event.kind is EventKind.CELL_ERROR and event.label not in {
                c[0] for c in cell_errors
            }:
                cell_errors.append((event.label, event.error))
            elif event.kind is EventKind.CELLS_DONE:
                cells_done = True
            elif event.kind is EventKind.START and event.task in by_id:
                started.add(event.task)
            elif event.kind is EventKind.DONE and event.task in by_id:
                outcomes[event.task] = _ended(by_id[event.task], event)
        if not cells_done:
            if end.status and running_cell is not None and not running_cell.fatal:
                # As a notebook would: that cell failed, the next ones still run.
                skipped.add(running_cell.label)
                cell_errors.append((running_cell.label, end.reason))
                continue
            if end.status:
                status, why = end.status, end.reason
            else:
                status = BuildStatus.RAISED
                why = "Your code raised an error before the function could be called:\n" + (
                    cell_errors[-1][1] if cell_errors else "(no details)"
                )
            for task in pending:
                outcomes.setdefault(task.id, BuildOutcome(status, error=why))
            break
        for task_id in started - set(outcomes):  # the process died or was stopped here
            outcomes[task_id] = BuildOutcome(
                end.status or BuildStatus.CRASHED, error=end.reason or "The build process stopped."
            )
            for other in pending:  # the same function would most likely do it again
                if other.exercise == by_id[task_id].exercise and other.id not in outcomes:
                    first = end.reason.splitlines()[0] if end.reason else "stopped"
                    outcomes[other.id] = BuildOutcome(
                        BuildStatus.NOT_RUN,
                        error=f"Not run: an earlier call of `{other.function}` did not finish "
                        f"({first}).",
                    )
        pending = [t for t in pending if t.id not in outcomes]
        if pending and not end.status:  # a clean exit that skipped tasks: do not loop
            for task in pending:
                outcomes[task.id] = BuildOutcome(
                    BuildStatus.CRASHED, error="The build process stopped early."
                )
            break
    if cell_errors:  # a function that is missing is most often explained by a failed cell
        notes = "\n".join(
            f"{label}: {(error.strip().splitlines() or [''])[-1]}" for label, error in cell_errors
        )
        for task_id, outcome in outcomes.items():
            if outcome.status is BuildStatus.MISSING_FUNCTION:
                outcomes[task_id] = dataclasses.replace(
                    outcome, error=f"{outcome.error}\nThese cells failed:\n{notes}"
                )
    return report


def run_builds(
    cells: list[Cell],
    tasks: list[BuildTask],
    workdir: pathlib.Path,
    *,
    limits: Limits,
    hide: list[str] = (),
) -> BuildReport:
    """Builds every task from the submission's cells in sandboxed processes.

    Args:
        cells: The learner code (`submission.read_cells`).
        tasks: The calls to make; their models are saved in `workdir`.
        workdir: An empty directory that the build process may write to.
        limits: The `protocol.Limits` (time, memory, start-up, restarts).
        hide: More directories the build process must not see (e.g. the
            nbgrader course being graded), besides the kit's own.

    Returns:
        A `BuildReport` with one `BuildOutcome` per task id.
    """
    tasks = [
        dataclasses.replace(t, out=str(workdir / (t.id.replace(":", "__") + ".keras")))
        for t in tasks
    ]
    with tempfile.TemporaryDirectory(prefix="autograder-control-") as control:

        def spawn(cells, tasks, number):
            return BuildProcess(cells, tasks, workdir, pathlib.Path(control), number, limits, hide)

        return build(cells, tasks, limits, spawn)
