"""Benchmark: grading a class of 20 submissions, against a floor measured in the same run.

Prints, in one run:
- the floor: a fresh Python that imports TensorFlow (median of 5);
- `python -m autograder grade` with 1 worker and with 2 workers: wall time,
  seconds per submission, throughput, and the peak resident memory of one
  grading worker (its build and judge processes, sampled every 0.1 s);
- the same 20 notebooks graded by plain `nbgrader autograde` (nbgrader's own
  preprocessors: the kernel runs each notebook and its test cells);
- the speed-ups as ratios.

The 20 submissions mix correct, wrong and hostile answers; each carries its
own comment so that no two share a cached verdict.

Usage: `.venv/bin/python benchmarks/class_grading.py [--plain/--no-plain]`
"""

from __future__ import annotations

import argparse
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

import nbformat
import psutil

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder.nbgrader.grade_class import grade_class  # noqa: E402
from tools import build_course, demo  # noqa: E402

ASSIGNMENT = "functional_api_1"
N = 20
HOSTILE_MLP = {
    "endless_loop": "def build_functional_mlp(**kw):\n    while True:\n        pass",
    "os_exit": "import os\nos._exit(0)",
    "eats_memory": (
        "def build_functional_mlp(**kw):\n    return [bytearray(2**28) for _ in range(64)]"
    ),
    "stderr_flood": "import sys\nprint('E' * 4_000_000, file=sys.stderr)\n"
    + build_course.solution_source("functional_mlp"),
}


def floor() -> float:
    times = []
    for _ in range(5):
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", "import tensorflow"],
            check=True,
            env=dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0"),
            stderr=subprocess.DEVNULL,
        )
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def make_class(course: pathlib.Path) -> None:
    """20 submissions: 8 correct, 8 wrong (the demo students), 4 hostile."""
    demo.prepare(course, [ASSIGNMENT])
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    kinds = (
        ["reference"] * 8
        + ["book_listings", "student_sigmoid", "student_swapped", "untouched"] * 2
        + list(HOSTILE_MLP)
    )
    for number, kind in enumerate(kinds[:N]):
        nb = nbformat.from_dict(release)
        ids = demo.answer_ids(nb)
        answers = demo.demo_answers(kind if kind in demo.students(ids) else "reference", ids) or {}
        if kind in HOSTILE_MLP:
            answers["functional_mlp_answer"] = HOSTILE_MLP[kind]
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answers or grade_id in ("functional_mlp_answer", "qa_model_answer"):
                source = answers.get(grade_id, cell.source)
                cell.source = f"# submission {number}\n{source}"
        folder = course / "submitted" / f"s{number:02d}_{kind}" / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{ASSIGNMENT}.ipynb")


class PeakRSS(threading.Thread):
    """Samples the summed RSS of this process's descendants (the worker's processes)."""

    def __init__(self):
        super().__init__(daemon=True)
        self.peak, self._done = 0, threading.Event()

    def run(self):
        me = psutil.Process()
        while not self._done.wait(0.1):
            total = 0
            for child in me.children(recursive=True):
                try:
                    total += child.memory_info().rss
                except psutil.Error:
                    pass
            self.peak = max(self.peak, total)

    def stop(self):
        self._done.set()
        self.join()
        return self.peak


def kit(course: pathlib.Path, workers: int) -> tuple[float, int]:
    shutil.rmtree(course / ".autograder-cache", ignore_errors=True)
    sampler = PeakRSS()
    sampler.start()
    start = time.perf_counter()
    grade_class(course, ASSIGNMENT, workers=workers, progress=False)
    seconds = time.perf_counter() - start
    return seconds, sampler.stop()


def plain(course: pathlib.Path) -> float:
    """`nbgrader autograde` with nbgrader's own preprocessors (checks run in the kernel)."""
    (course / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {demo.COURSE_ID!r}\n"
        "c.Execute.timeout = 300\n"
    )
    shutil.rmtree(course / "autograded", ignore_errors=True)
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0")
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env["PATH"]
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force", "--log-level=ERROR"],
        cwd=course,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-plain", action="store_true", help="skip plain nbgrader (slow)")
    args = parser.parse_args()
    base = floor()
    print(f"floor: python + import tensorflow, median of 5: {base:.1f} s")
    with tempfile.TemporaryDirectory() as tmp:
        course = pathlib.Path(tmp) / "course"
        make_class(course)
        one, rss_one = kit(course, 1)
        two, _ = kit(course, 2)
        rows = [("kit grade, 1 worker", one), ("kit grade, 2 workers", two)]
        if not args.no_plain:
            rows.append(("plain nbgrader autograde", plain(course)))
    print(f"\n{'run':<28}{'wall s':>9}{'s/submission':>14}{'per min':>9}{'x floor':>9}")
    for name, seconds in rows:
        print(
            f"{name:<28}{seconds:>9.1f}{seconds / N:>14.1f}{60 * N / seconds:>9.1f}"
            f"{seconds / N / base:>9.1f}"
        )
    print(f"\nspeed-up 2 workers / 1 worker: {one / two:.2f}x (target >= 1.8)")
    if not args.no_plain:
        print(f"speed-up 2 workers / plain nbgrader: {rows[2][1] / two:.2f}x (target >= 1.8)")
    print(f"peak RSS of one grading worker: {rss_one / 1024**3:.2f} GiB (target <= 2)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
