"""A warm judge: one long-lived judge process that serves many submissions.

The judge never runs learner code (it reads the saved `.keras` files in safe
mode, see `autograder.judge`), so one judge process can judge submission
after submission and pay for Keras's start-up once. Each job goes to it as a
line `{"job": JOB, "out": OUT}` on its standard input, and it answers one
line on a pipe of its own. `judge.judge` clears Keras's session and resets
the seeds before every exercise, so a verdict is the one a fresh judge
gives (`benchmarks/warm_judge.py` compares them over the whole catalogue).

The process is started on the first job (or ahead of it, by `start`, so
that Keras imports while the build process runs) and started again after a
failed job (an error, a time-out, a death), after `max_jobs` jobs, or when
its resident anonymous memory exceeds `memory_bytes`.
"""

from __future__ import annotations

import functools
import json
import os
import selectors
import subprocess
import sys
import tempfile
import threading
import time

import psutil

from autograder.processes import Tail, die_with_grader, kill_group, tree_memory
from autograder.sandbox import ONE_THREAD, QUIET_TENSORFLOW

#: Jobs one process serves before it is started again (the catalogue is ~170).
MAX_JOBS = 200
#: Resident anonymous memory above which it is started again after a job, in bytes:
#: `benchmarks/warm_judge.py` saw at most 463 MiB over 24 cases of 8 exercises,
#: and a build process may use `Limits.memory_gib` (2 GiB) beside it.
MEMORY_BYTES = 3 * 1024**3
#: Seconds a process gets to exit once its standard input is closed.
EXIT_SECONDS = 10.0


class _Gone(Exception):
    """The process ended, or did not answer in time; the message says which."""


class WarmJudge:
    """One judge process, started on demand, serving jobs one at a time.

    Use it as a context manager, or call `close`. It is safe to share
    between threads (jobs wait for each other), but a worker pool should
    give each worker its own (`PerThread`).

    Args:
        max_jobs: Jobs one process serves before it is started again.
        memory_bytes: Resident anonymous memory (bytes) above which the
            process is started again after a job.
    """

    def __init__(self, *, max_jobs: int = MAX_JOBS, memory_bytes: int = MEMORY_BYTES):
        self.max_jobs = max_jobs
        self.memory_bytes = memory_bytes
        #: Processes started so far, and jobs served by the current one.
        self.starts, self.jobs = 0, 0
        self._lock = threading.Lock()
        self._proc: subprocess.Popen | None = None
        self._answers = None
        self._ready = False
        self._buffer = b""
        self._tail: Tail | None = None
        self._home = tempfile.TemporaryDirectory(prefix="autograder-judge-")

    def __enter__(self) -> WarmJudge:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _start(self) -> None:
        read, write = os.pipe()
        try:
            self._proc = subprocess.Popen(
                [sys.executable, "-I", "-m", "autograder.judge", "--serve", str(write)],
                cwd=self._home.name,
                env=dict(os.environ, **QUIET_TENSORFLOW, **ONE_THREAD),
                stdin=subprocess.PIPE,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                pass_fds=(write,),
                start_new_session=True,
                preexec_fn=functools.partial(die_with_grader, os.getpid()),
            )
        except BaseException:
            os.close(read)
            raise
        finally:
            os.close(write)
        self._answers, self._buffer, self.jobs, self._ready = read, b"", 0, False
        self._tail = Tail(self._proc.stderr)
        self._tail.start()
        self.starts += 1

    def _stop(self, *, gently: bool = True) -> None:
        """Ends the process: closes its input and, `gently`, gives it `EXIT_SECONDS`
        to exit; then kills its group."""
        if self._proc is None:
            return
        try:
            self._proc.stdin.close()
        except OSError:
            pass
        if gently:
            try:
                self._proc.wait(timeout=EXIT_SECONDS)
            except subprocess.TimeoutExpired:
                pass
        kill_group(self._proc)
        self._proc.wait()
        self._tail.join(timeout=5)
        os.close(self._answers)
        self._proc = None

    def _death(self) -> str:
        """What a dead process left on its standard error, as the fresh judge reports it."""
        self._proc.wait()
        self._tail.join(timeout=5)
        return self._tail.data.decode(errors="replace")[-1500:] or (
            f"The judge ended with exit code {self._proc.returncode}."
        )

    def _answer(self, deadline: float) -> dict:
        """The next answer line, waiting until `deadline` (`time.monotonic`)."""
        with selectors.DefaultSelector() as selector:
            selector.register(self._answers, selectors.EVENT_READ)
            while b"\n" not in self._buffer:
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise _Gone("")
                chunk = os.read(self._answers, 65536)
                if not chunk:
                    raise _Gone(self._death())
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return json.loads(line)

    def start(self) -> None:
        """Starts the process now, if none runs, without waiting for Keras's import.

        The next `run` waits for it. Call it from the thread that will call
        `run`: the process dies with the thread that started it.
        """
        with self._lock:
            if self._proc is None:
                self._start()

    def run(self, job: str | os.PathLike, out: str | os.PathLike, seconds: float) -> str:
        """Judges one job file (the format of `judge.run_job`) into `out`.

        Args:
            job: The job file.
            out: Where the results go.
            seconds: Time limit for the job (`Limits.judge_seconds`), what
                is left of Keras's import included when the process starts
                for it, as for a fresh judge.

        Returns:
            `""` on success, else why the job failed, in the words of a
            fresh judge (the tail of its error, or the time limit).
        """
        with self._lock:
            try:
                deadline = time.monotonic() + seconds
                if self._proc is None:
                    self._start()
                if not self._ready:
                    self._answer(deadline)  # {"ready": true}
                    self._ready = True
                request = json.dumps({"job": os.fspath(job), "out": os.fspath(out)})
                try:
                    self._proc.stdin.write(request.encode() + b"\n")
                    self._proc.stdin.flush()
                except OSError:
                    raise _Gone(self._death()) from None
                answer = self._answer(deadline)
            except _Gone as gone:
                self._stop(gently=False)
                return str(gone) or f"The judge took longer than {seconds:g} s."
            self.jobs += 1
            if not answer["ok"]:
                self._stop()
                return answer["error"]
            if self.jobs >= self.max_jobs or self.memory() > self.memory_bytes:
                self._stop()
            return ""

    def memory(self) -> int:
        """Resident anonymous memory of the process, in bytes (0 when none runs)."""
        if self._proc is None:
            return 0
        try:
            return tree_memory(psutil.Process(self._proc.pid))
        except psutil.Error:
            return 0

    def close(self) -> None:
        """Ends the process, if one runs; the next job starts another."""
        with self._lock:
            self._stop()


class PerThread:
    """One `WarmJudge` per thread of a worker pool, all closed together.

    Args:
        **options: Passed to each `WarmJudge`.
    """

    def __init__(self, **options):
        self._options = options
        self._local = threading.local()
        self._all: list[WarmJudge] = []
        self._guard = threading.Lock()

    def get(self) -> WarmJudge:
        """The calling thread's judge."""
        judge = getattr(self._local, "judge", None)
        if judge is None:
            judge = self._local.judge = WarmJudge(**self._options)
            with self._guard:
                self._all.append(judge)
        return judge

    def close(self) -> None:
        """Closes every thread's judge."""
        with self._guard:
            judges, self._all = self._all, []
        for judge in judges:
            judge.close()
