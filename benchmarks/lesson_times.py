"""How long each lesson takes to execute, against the cost of importing TensorFlow.

The floor is the median of three fresh `python -c "import tensorflow"`: no
lesson can be faster. Each lesson is executed once with `tools/run_lessons.py`
(no HTML, figures into a temporary directory, so `figures/` is untouched).
Wall times depend on the machine's load: compare ratios, not seconds.

Example:

```
.venv/bin/python benchmarks/lesson_times.py                      # all lessons
.venv/bin/python benchmarks/lesson_times.py notebooks/01_*.py
```
"""

from __future__ import annotations

import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.run_lessons import KERNEL_ENV, check_kernel, lesson_paths, run_lesson  # noqa: E402


def import_floor(repeats: int = 3) -> float:
    """Median wall time of a fresh interpreter importing TensorFlow.

    Args:
        repeats: How many fresh interpreters to time. Defaults to `3`.

    Returns:
        Seconds.
    """
    env = dict(os.environ, **KERNEL_ENV)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", "import tensorflow"], env=env, check=True)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    """Prints the table; returns 1 if a lesson had errors, else 0."""
    argv = sys.argv[1:] if argv is None else argv
    lessons = [pathlib.Path(arg) for arg in argv] or lesson_paths()
    check_kernel()
    floor = import_floor()
    print(f"{'lesson':45s} {'seconds':>8s} {'x floor':>8s}")
    print(f"{'floor: import tensorflow (median of 3)':45s} {floor:8.1f} {1:8.1f}")
    total, failed = 0.0, False
    with tempfile.TemporaryDirectory() as tmp:
        for lesson in lessons:
            run = run_lesson(
                lesson, out_dir=tmp, figures_dir=pathlib.Path(tmp) / "figures", html=False
            )
            total += run.seconds
            failed |= bool(run.errors)
            note = "  (errors)" if run.errors else ""
            print(
                f"{lesson.name:45s} {run.seconds:8.1f} {run.seconds / floor:8.1f}{note}", flush=True
            )
    print(f"{'total':45s} {total:8.1f} {total / floor:8.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
