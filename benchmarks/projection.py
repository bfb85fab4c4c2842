"""Projected wall time of a whole course's grading, from measured per-notebook figures.

A course of 400 students and six assignments is 2,400 notebooks. The model:

    wall(W workers) = notebooks x judge_seconds / W  +  notebooks x record_seconds

- `judge_seconds`: the time one worker spends building and judging one
  notebook (its share of the class run with 1 local worker: the judging
  phase's wall time over the class size, warm judge start included). Workers
  (local threads or Dask workers, one core each) judge independently, so this
  part divides by W. It is optimistic for W close to the number of
  notebooks (a last straggler is not divided) and ignores Dask's own
  overhead (milliseconds per task against seconds per notebook).
- `record_seconds`: the time `nbgrader autograde` takes to record one
  notebook's verdicts in the gradebook (the recording phase's wall time over
  the class size). It runs in one process on the instructor's machine,
  whatever the number of workers, so it does not divide.

Both come from the JSON that `benchmarks/course_scale.py --class` writes
(no timing is written here); without it, `--measure` runs that benchmark's
class first (about 15 minutes, without plain nbgrader). The figures are
also printed as ratios to the floor measured in that run.

Usage: `.venv/bin/python benchmarks/projection.py [--json PATH] [--measure]
[--students 400] [--assignments 6] [--workers 1 4 16]`
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import course_scale  # noqa: E402


def hours(seconds: float) -> str:
    """`1 h 05 min` style, for a wall time in seconds."""
    minutes = round(seconds / 60)
    return f"{minutes // 60} h {minutes % 60:02d} min"


def project(figures: dict, notebooks: int, workers: list[int]) -> list[tuple[int, float, float]]:
    """Per worker count: (workers, judging seconds, whole wall seconds).

    Args:
        figures: What `course_scale.py --class` wrote (`class` with
            `notebooks`, `judge_seconds` and `record_seconds` of the
            1-worker run).
        notebooks: Notebooks in the course.
        workers: Worker counts to project.

    Returns:
        One tuple per worker count.

    Raises:
        KeyError: if the figures hold no class run.
    """
    klass = figures["class"]
    judge = klass["judge_seconds"]["1"] / klass["notebooks"]
    record = klass["record_seconds"]["1"] / klass["notebooks"]
    return [(w, notebooks * judge / w, notebooks * (judge / w + record)) for w in workers]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", default=str(course_scale.DEFAULT_JSON), help="(%(default)s)")
    parser.add_argument("--measure", action="store_true", help="run the class benchmark first")
    parser.add_argument("--students", type=int, default=400)
    parser.add_argument("--assignments", type=int, default=6)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 4, 16])
    args = parser.parse_args(argv)
    path = pathlib.Path(args.json)
    if args.measure:
        course_scale.main(["--class", "--no-plain", "--json", str(path)])
    if not path.is_file():
        print(f"No figures in {path}: run `benchmarks/course_scale.py --class`, or --measure.")
        return 2
    figures = json.loads(path.read_text(encoding="utf-8"))
    if "class" not in figures:
        print(f"{path} holds no class run: run `benchmarks/course_scale.py --class`.")
        return 2
    klass, floor = figures["class"], figures["floor_seconds"]
    notebooks = args.students * args.assignments
    judge = klass["judge_seconds"]["1"] / klass["notebooks"]
    record = klass["record_seconds"]["1"] / klass["notebooks"]
    print(
        f"measured (class of {klass['notebooks']}, 1 worker): judging {judge:.1f} s per notebook "
        f"({judge / floor:.2f}x the floor of {floor:.1f} s), recording {record:.2f} s per notebook"
    )
    print(
        f"course: {args.students} students x {args.assignments} assignments = {notebooks} "
        "notebooks; wall = notebooks x judging / workers + notebooks x recording"
    )
    print(f"\n{'workers':>8}{'judging':>16}{'recording':>16}{'wall':>16}")
    for w, judging, wall in project(figures, notebooks, args.workers):
        print(f"{w:>8}{hours(judging):>16}{hours(notebooks * record):>16}{hours(wall):>16}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
