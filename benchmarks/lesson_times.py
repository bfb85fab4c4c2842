"""How long each lesson takes to execute, against the cost of importing TensorFlow.

The floor is the median of three fresh `python -c "import tensorflow"`: no
lesson can be faster. Each lesson is executed once with `tools/run_lessons.py`
(no HTML, figures into a temporary directory, so `figures/` is untouched).
Wall times depend on the machine's load: compare ratios, not seconds.

Beside each run time: the lesson's reading time (`tools/lesson_time.py`),
the estimate they give together, and the estimate the lesson states, so that
a stale "Estimated time" line shows.

Example:

```
.venv/bin/python benchmarks/lesson_times.py                      # all lessons
.venv/bin/python benchmarks/lesson_times.py notebooks/01_*.py
```
"""

from __future__ import annotations

import math
import pathlib
import sys
import tempfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tools.floor import import_floor  # noqa: E402
from tools.lesson_time import (  # noqa: E402
    lesson_words,
    reading_minutes,
    stated_time,
    total_minutes,
)
from tools.run_lessons import KERNEL_ENV, check_kernel, lesson_paths, run_lesson  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    """Prints the table; returns 1 if a lesson had errors, else 0."""
    argv = sys.argv[1:] if argv is None else argv
    lessons = [pathlib.Path(arg) for arg in argv] or lesson_paths()
    check_kernel()
    floor = import_floor(env=KERNEL_ENV)
    columns = ["seconds", "x floor", "read min", "estimate", "stated"]
    print(f"{'lesson':45s} " + " ".join(f"{column:>8s}" for column in columns))
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
            reading = reading_minutes(lesson_words(lesson))
            estimate = total_minutes(reading, math.ceil(run.seconds / 60))
            stated = stated_time(lesson.read_text(encoding="utf-8"))
            print(
                f"{lesson.name:45s} {run.seconds:8.1f} {run.seconds / floor:8.1f} "
                f"{reading:8d} {estimate:8d} {stated['total'] if stated else '-':>8}{note}",
                flush=True,
            )
    print(f"{'total':45s} {total:8.1f} {total / floor:8.1f}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
