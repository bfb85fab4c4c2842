"""Runs learner code in a separate, limited process and collects its models.

One build process runs a submission's cells once, then builds every task
(one task = one call of an exercise's function, see `exercise.Build`). The
parent watches it: a task that runs past the time limit, a process that grows
past the memory cap, exits, or is killed, costs the task it was working on;
the remaining tasks are built again in a fresh process. Every task ends with
an outcome and a reason a learner can read.

Limits: wall-clock time per phase (the cells, then each task), resident
anonymous memory of the whole process tree (polled by the parent), address space
(`RLIMIT_AS`, the memory cap plus room for TensorFlow's reserved mappings),
file size (`RLIMIT_FSIZE`) and no core files. The process starts in its own
session (and dies with the grader thread that started it, even one killed with
SIGKILL), in an empty temporary directory, with `python -I` (no user site,
no `PYTHON*` variables, no script or working directory on `sys.path`, so a
`keras.py` beside the submission cannot shadow Keras).
"""

from __future__ import annotations

import ctypes
import dataclasses
import functools
import json
import os
import pathlib
import signal
import subprocess
import sys
import threading
import time

import psutil

from autograder import isolation
from autograder.submission import Cell

ADDRESS_SPACE_ALLOWANCE = 2 * 1024**3  # TensorFlow reserves ~1.6 GiB it never touches
FILE_SIZE_LIMIT = 1024**3
POLL_SECONDS = 0.05
STARTUP_TIMEOUT = 600  # importing Keras, before any learner code runs
OUTPUT_TAIL_BYTES = 64 * 1024
SHUTDOWN_GRACE = 10  # seconds for the build process to exit once it has finished

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
class Task:
    """One call of a learner function, as the build process receives it."""

    id: str
    exercise: str
    function: str
    kwargs: dict
    tensor_inputs: list
    given: str
    seed: int
    out: str = ""


@dataclasses.dataclass
class Outcome:
    """What became of one task.

    Args:
        ok: Whether a model was saved.
        path: The saved `.keras` file when `ok`.
        error: Why not, in words for the learner, when not `ok`.
        info: Facts the build process noted (returned type, nesting).
    """

    ok: bool
    path: str = ""
    error: str = ""
    info: dict = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class BuildReport:
    """Everything the sandbox learned from running a submission."""

    outcomes: dict[str, Outcome]
    cell_errors: list[tuple[str, str]]
    processes: int


class _Tail(threading.Thread):
    """Drains a pipe, keeping only its last bytes (learner output is unbounded)."""

    def __init__(self, pipe):
        super().__init__(daemon=True)
        self._pipe = pipe
        self.data = b""

    def run(self):
        while chunk := self._pipe.read(65536):
            self.data = (self.data + chunk)[-OUTPUT_TAIL_BYTES:]


def _child_env(workdir: pathlib.Path) -> dict:
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


def _tree_memory(process: psutil.Process) -> int:
    """Resident anonymous memory of the process tree, in bytes.

    File-backed pages (TensorFlow's libraries, about 0.5 GiB more) are left
    out: how many of them are mapped depends on what other processes have
    put in the page cache, and the kernel can drop them at any time.
    """
    total = 0
    try:
        for p in [process, *process.children(recursive=True)]:
            try:
                info = p.memory_info()
                total += info.rss - info.shared
            except psutil.Error:
                pass
    except psutil.Error:
        pass
    return total


_PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before any fork


def _die_with_grader(grader: int) -> None:
    """Runs in the new process before exec: SIGKILL to it once the thread that started
    it ends. A grader killed with SIGKILL cannot end its build processes, and without
    their watcher they would run on, endless loops included."""
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != grader:  # the grader died before `prctl`
        os._exit(1)


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read_events(path: pathlib.Path, offset: int) -> tuple[list[dict], int]:
    try:
        with open(path, "rb") as f:
            f.seek(offset)
            data = f.read()
    except FileNotFoundError:
        return [], offset
    end = data.rfind(b"\n") + 1
    events = []
    for line in data[:end].splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            events.append(event)
    return events, offset + end


def _death(returncode: int | None, reason: str) -> str:
    if reason:
        return reason
    number = -returncode if returncode and returncode < 0 else 0
    if returncode and 128 < returncode <= 128 + 64 and isolation.available():
        number = returncode - 128  # passed on by the namespace's PID 1 (build_child)
    if number:
        name = signal.Signals(number).name
        return f"The Python process was killed by signal {name} (a crash, or code that kills it)."
    return (
        f"The Python process ended with exit code {returncode} before it finished "
        "(`os._exit`, or a crash)."
    )


def _run_once(cells, tasks, workdir, number, timeout, memory_bytes, hide):
    """Runs one build process; returns (events, reason it stopped early, returncode)."""
    progress = workdir / f"progress-{number}.jsonl"
    job = workdir / f"job-{number}.json"
    job.write_text(
        json.dumps(
            {
                "cells": [dataclasses.asdict(c) for c in cells],
                "tasks": [dataclasses.asdict(t) for t in tasks],
                "progress": str(progress),
                "memory_bytes": memory_bytes + ADDRESS_SPACE_ALLOWANCE,
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
    proc = subprocess.Popen(
        [
            *isolation.command_prefix(),
            sys.executable,
            "-I",
            "-m",
            "autograder.build_child",
            str(job),
        ],
        cwd=workdir,
        env=_child_env(workdir),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=functools.partial(_die_with_grader, os.getpid()),
    )
    tails = [_Tail(proc.stdout), _Tail(proc.stderr)]
    for t in tails:
        t.start()
    watched = psutil.Process(proc.pid)
    events, offset = [], 0
    phase, phase_start, reason = "startup", time.monotonic(), ""
    # The progress file is writable by learner code, so its events could reset
    # the phase timer forever: the whole process also has a budget of its own.
    deadline = phase_start + STARTUP_TIMEOUT + timeout * (len(cells) + len(tasks) + 1)
    while proc.poll() is None:
        new, offset = _read_events(progress, offset)
        for event in new:
            events.append(event)
            kind = event.get("event")
            if kind in ("ready", "cell_start", "cells_done", "start", "done"):
                phase_start = time.monotonic()
                phase = "cells" if kind in ("ready", "cell_start") else "tasks"
            elif kind == "finished" and phase != "finished":  # once: learner code can write it too
                # Everything is recorded: what the interpreter does while it
                # shuts down (memory spikes, hangs in exit handlers) costs nothing.
                phase, phase_start = "finished", time.monotonic()
        if phase == "finished":
            if time.monotonic() - phase_start > SHUTDOWN_GRACE:
                _kill_group(proc)
                break
            time.sleep(POLL_SECONDS)
            continue
        elapsed = time.monotonic() - phase_start
        if elapsed > (STARTUP_TIMEOUT if phase == "startup" else timeout) or (
            time.monotonic() > deadline
        ):
            what = {
                "startup": "starting Keras (before your code ran)",
                "cells": "running your code",
            }.get(phase, "building the model")
            reason = (
                f"Time limit: {what} took longer than {timeout:g} s. "
                "Look for an endless loop, a long `sleep`, or training inside the function."
            )
        elif _tree_memory(watched) > memory_bytes:
            reason = (
                f"Memory limit: your code used more than {memory_bytes / 1024**3:.1f} GiB. "
                "Look for a very large array or layer."
            )
        if reason:
            _kill_group(proc)
            break
        time.sleep(POLL_SECONDS)
    proc.wait()
    _kill_group(proc)  # children it left behind
    for t in tails:
        t.join(timeout=5)
    new, offset = _read_events(progress, offset)
    events.extend(new)
    finished = any(e.get("event") == "finished" for e in events)
    if not reason and finished:
        return events, "", 0
    if not reason and any(
        "MemoryError" in e.get("error", "") or "bad_alloc" in e.get("error", "") for e in events
    ):
        reason = "Memory limit: your code ran out of memory."
    return events, _death(proc.returncode, reason), proc.returncode


def run_builds(
    cells: list[Cell],
    tasks: list[Task],
    workdir: pathlib.Path,
    *,
    timeout: float,
    memory_bytes: int,
    hide: list[str] = (),
) -> BuildReport:
    """Builds every task from the submission's cells in sandboxed processes.

    Args:
        cells: The learner code (`submission.read_cells`).
        tasks: The calls to make; their models are saved in `workdir`.
        workdir: An empty directory that the build process may write to.
        timeout: Wall-clock limit in seconds, for running the cells and
            again for each task.
        memory_bytes: Cap on the resident memory of the build process tree.
        hide: More directories the build process must not see (e.g. the
            nbgrader course being graded), besides the kit's own.

    Returns:
        A `BuildReport` with one `Outcome` per task id.
    """
    for task in tasks:
        task.out = str(workdir / (task.id.replace(":", "__") + ".keras"))
    outcomes: dict[str, Outcome] = {}
    cell_errors: list[tuple[str, str]] = []
    skipped: set[str] = set()  # cells that hung or ended the process: left out of reruns
    pending = list(tasks)
    number = 0
    while pending:
        number += 1
        runnable = [c for c in cells if c.label not in skipped]
        events, death, _ = _run_once(
            runnable, pending, workdir, number, timeout, memory_bytes, hide
        )
        by_id = {t.id: t for t in pending}
        started, running_cell, cells_done = set(), None, False
        for event in events:
            kind = event.get("event")
            if kind == "cell_start":
                running_cell = next((c for c in runnable if c.label == event.get("label")), None)
            elif kind == "cell_error" and event.get("label") not in {c[0] for c in cell_errors}:
                cell_errors.append((str(event.get("label")), str(event.get("error"))))
            elif kind == "cells_done":
                cells_done = True
            elif kind == "start":
                started.add(event.get("task"))
            elif kind == "done" and event.get("task") in by_id:
                task = by_id[event["task"]]
                ok = bool(event.get("ok")) and os.path.isfile(task.out)
                error = "" if ok else str(event.get("error") or "No model was saved.")
                if "MemoryError" in error:
                    error = f"Memory limit: your code ran out of memory.\n{error}"
                outcomes[task.id] = Outcome(
                    ok=ok, path=task.out if ok else "", error=error, info=event.get("info") or {}
                )
        if not cells_done:
            if death and running_cell is not None and not running_cell.fatal:
                # As a notebook would: that cell failed, the next ones still run.
                skipped.add(running_cell.label)
                cell_errors.append((running_cell.label, death))
                continue
            why = death or "Your code raised an error before the function could be called:\n" + (
                cell_errors[-1][1] if cell_errors else "(no details)"
            )
            for task in pending:
                outcomes.setdefault(task.id, Outcome(ok=False, error=why))
            break
        for task_id in started - set(outcomes):  # the process died or was stopped here
            outcomes[task_id] = Outcome(ok=False, error=death or "The build process stopped.")
            for other in pending:  # the same function would most likely do it again
                if other.exercise == by_id[task_id].exercise and other.id not in outcomes:
                    outcomes[other.id] = Outcome(
                        ok=False,
                        error=f"Not run: an earlier call of `{other.function}` did not finish "
                        f"({death.splitlines()[0] if death else 'stopped'}).",
                    )
        pending = [t for t in pending if t.id not in outcomes]
        if pending and not death:  # a clean exit that skipped tasks: do not loop
            for task in pending:
                outcomes[task.id] = Outcome(ok=False, error="The build process stopped early.")
            break
    if cell_errors:  # a function that is missing is most often explained by a failed cell
        notes = "\n".join(
            f"{label}: {error.strip().splitlines()[-1]}" for label, error in cell_errors
        )
        for outcome in outcomes.values():
            if "No function named" in outcome.error:
                outcome.error += f"\nThese cells failed:\n{notes}"
    return BuildReport(outcomes=outcomes, cell_errors=cell_errors, processes=number)
