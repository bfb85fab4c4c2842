"""Helpers for the grader's child processes: build processes and judge processes.

Each child starts in its own session (so its whole process group can be
killed), dies with the grader thread that started it, has its standard
output drained into a bounded tail, and is watched for memory. The build
processes (`autograder.sandbox`) and the warm judge
(`autograder.warm_judge`) both use these.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading

import psutil

#: Bytes of a child's output kept (learner output is unbounded).
OUTPUT_TAIL_BYTES = 64 * 1024

_PR_SET_PDEATHSIG = 1
_prctl = ctypes.CDLL(None, use_errno=True).prctl  # looked up before any fork


class Tail(threading.Thread):
    """Drains a pipe in a daemon thread, keeping only its last bytes.

    Start it with `start()`; once the pipe is closed and the thread joined,
    `data` holds the last `OUTPUT_TAIL_BYTES` bytes read.

    Args:
        pipe: A binary file object to read until end of file (e.g.
            `subprocess.Popen.stderr`).
    """

    def __init__(self, pipe):
        super().__init__(daemon=True)
        self._pipe = pipe
        self.data = b""

    def run(self):
        while chunk := self._pipe.read(65536):
            self.data = (self.data + chunk)[-OUTPUT_TAIL_BYTES:]


def tree_memory(process: psutil.Process) -> int:
    """Resident anonymous memory of a process and all its descendants.

    File-backed pages (TensorFlow's libraries, about 0.5 GiB more) are left
    out: how many of them are mapped depends on what other processes have
    put in the page cache, and the kernel can drop them at any time.
    Processes that end while they are counted count as 0.

    Args:
        process: The root of the tree.

    Returns:
        The sum of `rss - shared` over the tree, in bytes (0 if the root is gone).
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


def die_with_grader(grader: int) -> None:
    """Makes the calling process get SIGKILL once the thread that started it ends.

    Meant as `subprocess.Popen(preexec_fn=functools.partial(die_with_grader,
    os.getpid()))`: it runs in the new process before exec. A grader killed
    with SIGKILL cannot end its children, and without their watcher they
    would run on, endless loops included.

    Args:
        grader: The PID of the process that starts the child; if the child's
            parent is already another one (the grader died before `prctl`),
            the child exits at once with status 1.
    """
    _prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != grader:  # the grader died before `prctl`
        os._exit(1)


def kill_group(proc: subprocess.Popen) -> None:
    """Sends SIGKILL to the process group of a child started with `start_new_session`.

    Args:
        proc: The child, the leader of its group. A group that is already
            gone, or not ours to signal, is left alone.
    """
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def exit_now(code: int) -> None:
    """Ends this process at once, skipping the interpreter's shutdown.

    A child calls it once everything it reports is written and its files are
    closed: TensorFlow's teardown at exit takes a second or more that the
    grader would otherwise wait for, and exit handlers registered by learner
    code get no say. Standard output and error are flushed first (both the
    current streams, which learner code may have replaced, and the original
    ones); a stream that fails to flush is skipped.

    Args:
        code: The exit status.
    """
    for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
        try:
            stream.flush()
        except BaseException:  # noqa: BLE001 - a broken stream must not keep the process
            pass
    os._exit(code)
