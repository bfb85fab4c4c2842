"""Judging a class on Dask workers: `grade ASSIGNMENT --scheduler ADDRESS | --cluster local`.

The instructor's machine (the Dask client) stages every notebook as the
local pool does (`grade_class.stage`), looks its verdict up in the cache and
sends each job that is not cached (exercise ids, learner cells and limits:
plain data, so workers need the kit installed but not the course folder) to
the workers as one task. A worker runs `grade_class.verdicts`, the local
pool's own path from learner code to verdicts: the same build processes in
the same sandbox with the same `Limits`, and one warm judge per worker thread
(`JUDGES`). The client stores each verdict in the cache, and the one
recording `nbgrader autograde` then writes the gradebook on the
instructor's machine, as after a local run.

A worker that dies mid-run loses nothing: the scheduler runs every task it
held again on another worker (up to `distributed.scheduler.allowed-failures`
deaths per task, 3 by default; after that the notebook's problem says so and
running `grade` again judges it). A task that raises is tried `RETRIES` more
times, wherever the scheduler puts it. No submission is recorded twice:
each task is named by its verdict's cache key (`cache.key`, the content of
the learner code, the exercises, the limits and the kit's version), so a
task run twice gives the same verdict under the same name; the client takes
each task's result once and stores it atomically under that key (workers
write nothing on the instructor's machine); and only the recording process,
after all tasks, writes the gradebook, once per student. Notebooks with the
same learner code are one task.
"""

from __future__ import annotations

import contextlib
import pathlib

from autograder import warm_judge
from autograder.nbgrader import cache
from autograder.nbgrader.grade_class import (
    GradingError,
    Job,
    Submission,
    conclude,
    grader_fault,
    keep,
    progress_bar,
    stage,
    verdicts,
)
from autograder.protocol import Limits

#: The `--cluster` value that starts a `distributed.LocalCluster` on this machine.
LOCAL = "local"
#: More tries of a task that raised (a fault of the worker's machine, say); a worker's
#: death is counted apart, by the scheduler's `allowed-failures`.
RETRIES = 1
#: In a worker process: one warm judge per thread that runs tasks.
JUDGES = warm_judge.PerThread()


def judge_job(job: Job, limits: Limits, hide: list[str]) -> tuple[dict, float]:
    """The task a worker runs: `grade_class.verdicts` with this thread's warm judge.

    Args:
        job: A staged notebook's `grade_class.Job`.
        limits: The `protocol.Limits` of its build processes and judge.
        hide: Folders of the instructor's machine the learner code must not see
            (covered where they exist, as when the worker runs there too).

    Returns:
        `(results, seconds)`, as `grade_class.verdicts`.
    """
    return verdicts(job, limits, hide, JUDGES.get())


def close_judges() -> None:
    """Run on each worker at the end of a run: ends its warm judges (the worker may
    live on, for the next class); a worker's death ends them too."""
    JUDGES.close()


@contextlib.contextmanager
def connect(address, workers: int):
    """A Dask client of the scheduler at `address`, or of a new local cluster.

    Args:
        address: `"tcp://HOST:PORT"` of a running scheduler; `LOCAL` to start
            a `distributed.LocalCluster` of `workers` processes (one thread
            each) on loopback, ended on exit; or a cluster object
            (`dask_jobqueue.SLURMCluster`, a Dask Gateway cluster), whose own
            address and TLS settings the client takes.
        workers: Worker processes of a local cluster.

    Yields:
        A `distributed.Client`.

    Raises:
        GradingError: if no scheduler answers at `address`.
    """
    from distributed import Client, LocalCluster

    with contextlib.ExitStack() as stack:
        if address == LOCAL:
            address = stack.enter_context(
                LocalCluster(
                    n_workers=workers,
                    threads_per_worker=1,
                    processes=True,
                    host="127.0.0.1",
                    dashboard_address=None,
                )
            )
        try:
            client = stack.enter_context(Client(address))
        except OSError as error:
            raise GradingError(
                f"No Dask scheduler answers at {address} ({error}): start one "
                "(`dask scheduler`, or a cluster's, see docs/instructors.md) or check the address."
            ) from None
        yield client


def judge_all(
    address,
    course: pathlib.Path,
    assignment: str,
    subs: list[Submission],
    *,
    limits: Limits,
    folder: pathlib.Path,
    workers: int,
    progress: bool,
) -> int:
    """Judges `subs` on Dask workers and caches their verdicts in `folder`.

    Each notebook is staged here and its task sent at once, so workers start
    while the rest is staged.

    Args:
        address: A scheduler's `"tcp://HOST:PORT"`, `LOCAL` or a cluster object
            (see `connect`).
        course: The course folder (hidden from learner code where it exists).
        assignment: The assignment graded.
        subs: The submissions; their `reasons`, `problem`, `intake` and
            `seconds` are filled in.
        limits: The `protocol.Limits`.
        folder: The verdict cache.
        workers: Worker processes of a local cluster.
        progress: Show a progress bar.

    Returns:
        The number of workers the scheduler had at the end.
    """
    from distributed import as_completed

    with connect(address, workers) as client:
        waiting: dict[str, list[Submission]] = {}
        tasks = {}
        for sub in subs:
            job = stage(course, assignment, sub, limits)
            if job is None:
                continue
            results = cache.load(folder, job.key)
            if results is not None:
                conclude(sub, results)
            elif job.key in waiting:
                waiting[job.key].append(sub)
            else:
                waiting[job.key] = [sub]
                future = client.submit(
                    judge_job,
                    job,
                    limits,
                    [str(course)],
                    key=f"autograder-judge-{job.key}",
                    retries=RETRIES,
                )
                tasks[future] = job
        for future in progress_bar(as_completed(tasks), len(tasks), assignment, progress):
            job = tasks[future]
            try:
                results, seconds = future.result()
            except Exception as error:  # noqa: BLE001 - a fault of the grader: said, not lost
                for sub in waiting[job.key]:
                    grader_fault(sub, error)
                continue
            keep(folder, job, results)
            waiting[job.key][0].seconds = seconds
            for sub in waiting[job.key]:
                conclude(sub, results)
        client.run(close_judges, on_error="ignore")
        return len(client.nthreads())
