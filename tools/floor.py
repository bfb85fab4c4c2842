"""The floor every timing is compared with: a fresh Python that imports TensorFlow.

No grading, lesson or check can be faster than the TensorFlow start-up of
the process that does it; timings divided by the floor measured in the same
run say what the kit adds, whatever the machine's speed and load.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

#: Quiet, as the kit's processes run (no effect on the import's work).
QUIET = {"TF_CPP_MIN_LOG_LEVEL": "3"}


def import_floor(repeats: int = 3, env: dict | None = None) -> float:
    """Median wall time of a fresh interpreter importing TensorFlow.

    Args:
        repeats: How many fresh interpreters to time. Defaults to `3`.
        env: Variables added to this process's environment for them;
            default `QUIET`.

    Returns:
        Seconds.

    Raises:
        subprocess.CalledProcessError: if TensorFlow does not import.
    """
    env = dict(os.environ, **(QUIET if env is None else env))
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import tensorflow"],
            env=env,
            check=True,
            stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)
