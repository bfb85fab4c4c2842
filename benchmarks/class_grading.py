"""Benchmark: grading a class of 20 submissions, against a floor measured in the same run.

Prints, in one run:
- the floor: a fresh Python that imports TensorFlow (median of 5);
- `python -m autograder grade` with 1 worker and with 2 workers: wall time,
  seconds per submission, throughput, and the peak resident memory of one
  grading worker (its build and judge processes, sampled every 0.1 s); the
  2-worker run also with the hostile notebooks last (the worst order);
- the same through Dask: a `distributed.LocalCluster` of 2 worker processes
  (`grade --cluster local --workers 2`);
- the same 20 notebooks graded by plain `nbgrader autograde`, whose test
  cells run the same checks inside the learner's kernel
  (`benchmarks/plain_checks.py`), with the same time limit per cell;
- the speed-ups as ratios, and whether both graders gave the same points.

The 20 submissions mix correct, wrong and hostile answers; each carries its
own comment so that no two share a cached verdict.

Usage: `.venv/bin/python benchmarks/class_grading.py [--no-plain] [--timeout S] [--memory-gib G]`
"""

from __future__ import annotations

import argparse
import os
import pathlib
import random
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

from autograder.nbgrader import COURSE_ID, grade_ids  # noqa: E402
from autograder.nbgrader.grade_class import grade_class  # noqa: E402
from autograder.sandbox import QUIET_TENSORFLOW  # noqa: E402
from tools import build_course, demo  # noqa: E402

ASSIGNMENT = "functional_api_1"
N = 20
HOSTILE_MLP = {
    "endless_loop": "def build_functional_mlp(**kw):\n    while True:\n        pass",
    "os_exit": "import os\nos._exit(0)",
    "eats_memory": (
        "def build_functional_mlp(**kw):\n    return [bytearray(2**28) for _ in range(24)]"
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


KINDS = (
    ["reference"] * 8
    + ["book_listings", "student_sigmoid", "student_swapped", "untouched"] * 2
    + list(HOSTILE_MLP)
)


def roster(order: str) -> list[str]:
    """The kinds of the 20 submissions in grading order (sorted student ids).

    `"roster"`: a fixed shuffle (seed 0), as in a class list sorted by name,
    which says nothing about what a notebook holds. `"hostile-last"`: the four
    hostile notebooks last, the worst case for a pool of workers (a 2-minute
    straggler starts when nothing is left to run beside it).
    """
    if order == "hostile-last":
        return list(KINDS)
    kinds = list(KINDS)
    random.Random(0).shuffle(kinds)
    return kinds


def make_class(course: pathlib.Path, order: str) -> None:
    """20 submissions: 8 correct, 8 wrong (the demo students), 4 hostile."""
    demo.prepare(course, [ASSIGNMENT])
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    for number, kind in enumerate(roster(order)):
        nb = nbformat.from_dict(release)
        ids = demo.answer_ids(nb)
        answers = demo.demo_answers(kind if kind in demo.students(ids) else "reference", ids) or {}
        answer_cells = {grade_ids.grade_id(i, grade_ids.Part.ANSWER) for i in ids}
        if kind in HOSTILE_MLP:
            answers[grade_ids.grade_id("functional_mlp", grade_ids.Part.ANSWER)] = HOSTILE_MLP[kind]
        for cell in nb.cells:
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
            if grade_id in answer_cells:
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


def kit(
    course: pathlib.Path, workers: int, limits: argparse.Namespace, dask=None
) -> tuple[float, int, dict]:
    """Grades the class with the kit (`dask`: see `grade_class`); returns wall seconds,
    peak RSS and the report."""
    shutil.rmtree(course / ".autograder-cache", ignore_errors=True)
    sampler = PeakRSS()
    sampler.start()
    start = time.perf_counter()
    report = grade_class(
        course,
        ASSIGNMENT,
        workers=workers,
        timeout=limits.timeout,
        memory_gib=limits.memory_gib,
        progress=False,
        dask=dask,
    )
    seconds = time.perf_counter() - start
    return seconds, sampler.stop(), report


def plain(course: pathlib.Path, timeout: float) -> tuple[float, pathlib.Path]:
    """The same notebooks graded by plain `nbgrader autograde`, in a course of its own.

    Its test cells run the kit's checks inside the learner's kernel
    (`benchmarks/plain_checks.py`), as a plain nbgrader course would; the
    kernel has the same per-cell time limit and no memory cap.
    """
    other = course.parent / "plain"
    source = other / "source" / ASSIGNMENT
    source.mkdir(parents=True)
    nb = nbformat.read(course / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb", 4)
    for cell in nb.cells:
        cell.source = cell.source.replace(
            "from autograder.notebook import", "from plain_checks import"
        )
    nbformat.write(nb, source / f"{ASSIGNMENT}.ipynb")
    (other / "nbgrader_config.py").write_text(
        "c = get_config()\n"
        f"c.CourseDirectory.course_id = {COURSE_ID!r}\n"
        f"c.Execute.timeout = {int(timeout)}\n"
    )
    shutil.copytree(course / "submitted", other / "submitted")
    demo.nbgrader(other, "generate_assignment", ASSIGNMENT, "--force")
    env = dict(os.environ, **QUIET_TENSORFLOW)
    env["PATH"] = os.path.dirname(sys.executable) + os.pathsep + env["PATH"]
    env["PYTHONPATH"] = str(ROOT / "benchmarks")
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "nbgrader", "autograde", ASSIGNMENT, "--force", "--log-level=ERROR"],
        cwd=other,
        env=env,
        capture_output=True,
    )
    return time.perf_counter() - start, other


def totals(course: pathlib.Path) -> dict:
    """Points per student, from the course's gradebook."""
    return {
        s: sum(p or 0 for p in cells.values())
        for s, cells in demo.gradebook(course).get(ASSIGNMENT, {}).items()
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-plain", action="store_true", help="skip plain nbgrader (slow)")
    parser.add_argument("--timeout", type=float, default=60, help="seconds (both graders)")
    parser.add_argument("--memory-gib", type=float, default=1.0, help="build process cap")
    args = parser.parse_args()
    base = floor()
    print(f"floor: python + import tensorflow, median of 5: {base:.1f} s", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        course, worst = pathlib.Path(tmp) / "course", pathlib.Path(tmp) / "hostile-last"
        make_class(course, "roster")
        make_class(worst, "hostile-last")
        one, rss_one, report = kit(course, 1, args)
        two = kit(course, 2, args)[0]
        two_worst = kit(worst, 2, args)[0]
        two_dask = kit(course, 2, args, dask="local")[0]
        rows = [
            ("kit, 1 worker", one),
            ("kit, 2 workers", two),
            ("kit, 2 workers, hostile last", two_worst),
            ("kit, Dask LocalCluster, 2 workers", two_dask),
        ]
        agree = ""
        if not args.no_plain:
            seconds, other = plain(course, args.timeout)
            rows.append(("plain nbgrader autograde", seconds))
            kit_points, plain_points = totals(course), totals(other)
            differ = [
                f"{s} (kit {kit_points.get(s)}, plain {plain_points.get(s)})"
                for s in sorted(kit_points)
                if kit_points.get(s) != plain_points.get(s)
            ]
            agree = (
                f"plain nbgrader graded {len(plain_points)}/{N} notebooks; same total points "
                f"as the kit for {N - len(differ)}; different: {', '.join(differ) or 'none'}"
            )
    print(f"\n{'run':<32}{'wall s':>8}{'s/submission':>14}{'per min':>9}{'x floor':>9}")
    for name, seconds in rows:
        print(
            f"{name:<32}{seconds:>8.1f}{seconds / N:>14.1f}{60 * N / seconds:>9.1f}"
            f"{seconds / N / base:>9.1f}"
        )
    judged = sorted((d["judge_seconds"], s) for s, d in report["students"].items())
    print(
        f"\none submission, 1 worker: median {statistics.median(j for j, _ in judged):.1f} s, "
        f"slowest {judged[-1][0]:.1f} s ({judged[-1][1]}); recording in the gradebook: "
        f"{report['seconds']['record']:.1f} s for all {N}"
    )
    print(f"speed-up 2 workers / 1 worker: {one / two:.2f}x (target >= 1.8)")
    print(f"speed-up 2 workers / 1 worker, hostile last: {one / two_worst:.2f}x")
    print(f"Dask, 2 workers / local pool, 2 workers: {two_dask / two:.2f}x the wall time")
    if not args.no_plain:
        print(f"speed-up 2 workers / plain nbgrader: {rows[4][1] / two:.2f}x (target >= 1.8)")
    print(
        f"peak RSS of one grading worker: {rss_one / 1024**3:.2f} GiB (target <= 2; "
        f"build process capped at {args.memory_gib:g} GiB, {args.timeout:g} s per exercise)"
    )
    if agree:
        print(agree)
    return 0


if __name__ == "__main__":
    sys.exit(main())
