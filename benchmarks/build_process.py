"""Where a build process's time goes, phase by phase, as ratios to the floor.

A probe process does what a build process (`autograder.build_child`) does
for one exercise's reference solution, with the same command (`python -I`,
under `unshare` where `autograder.isolation` is available), environment,
working directory and walls, and notes the clock (`time.monotonic`, one
clock for every process of the machine) between the phases:

- interpreter: from the parent's spawn to the probe's first line (`unshare`
  and Python's start-up);
- walls: `isolation.enter` (the read-only mounts, the nested namespaces);
- import keras: Keras and TensorFlow;
- learner cells: the solution's code run once;
- learner calls: each build's call of the learner's function;
- saving: `model.save` of each build's `.keras` file;
- exit: from the probe's last line to the parent seeing it end.

It also times the real build process (`sandbox.run_builds`) of the same
solution, to show the probe's total matches it, and the floor
(`python -c "import tensorflow"`, `benchmarks/class_grading.py`'s), in the
same run, interleaved. Each figure is the median over `--runs` runs.

    .venv/bin/python benchmarks/build_process.py [--exercise ID ...] [--runs N]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

from class_grading import floor

from autograder import api, isolation
from autograder.protocol import DEFAULT_LIMITS
from autograder.sandbox import child_env, run_builds
from autograder.submission import read_cells

ROOT = pathlib.Path(__file__).resolve().parent.parent
PHASES = (
    "interpreter",
    "walls",
    "import keras",
    "learner cells",
    "learner calls",
    "saving",
    "exit",
)

PROBE = r"""
import time
marks = {"first line": time.monotonic()}
import json, sys
from autograder import isolation
job = json.loads(open(sys.argv[1], encoding="utf-8").read())
if job["isolate"]:
    isolation.enter(job["isolate"]["writable"], job["isolate"]["hidden"])
marks["walls"] = time.monotonic()
import keras
marks["import keras"] = time.monotonic()
from autograder import build_child
from autograder.protocol import BuildTask
namespace = {"__name__": "__main__"}
for cell in job["cells"]:
    exec(compile(cell["source"], f"<{cell['label']}>", "exec"), namespace)
marks["learner cells"] = time.monotonic()
calls = saving = 0.0
for task in map(BuildTask.from_json, job["tasks"]):
    start = time.monotonic()
    model, outcome = build_child.run_task(task, namespace, keras)
    middle = time.monotonic()
    model.save(task.out)
    calls, saving = calls + middle - start, saving + time.monotonic() - middle
marks["learner calls"], marks["saving"] = calls, saving
marks["last line"] = time.monotonic()
with open(job["marks"], "w", encoding="utf-8") as f:
    json.dump(marks, f)
"""


def _tasks(exercise_id: str, folder: pathlib.Path):
    return [
        dataclasses.replace(t, out=str(folder / (t.id.replace(":", "__") + ".keras")))
        for t in api.tasks_for([exercise_id])
    ]


def probe(exercise_id: str) -> dict[str, float]:
    """One probe build process of the exercise's reference solution.

    Returns:
        Phase name -> seconds (`PHASES`), plus `"total"`.
    """
    cells = read_cells(ROOT / "solutions" / f"{exercise_id}.py")
    with tempfile.TemporaryDirectory(prefix="build-probe-") as tmp:
        workdir, control = pathlib.Path(tmp) / "build", pathlib.Path(tmp) / "control"
        workdir.mkdir()
        control.mkdir()
        job = {
            "cells": [dataclasses.asdict(c) for c in cells],
            "tasks": [t.to_json() for t in _tasks(exercise_id, workdir)],
            "marks": str(workdir / "marks.json"),
            "isolate": {
                "writable": str(workdir.resolve()),
                "hidden": isolation.private_paths(),
            }
            if isolation.available()
            else None,
        }
        (control / "job.json").write_text(json.dumps(job), encoding="utf-8")
        command = [*isolation.command_prefix(), sys.executable, "-I", "-c", PROBE]
        spawned = time.monotonic()
        subprocess.run(
            [*command, str(control / "job.json")],
            cwd=workdir,
            env=child_env(workdir),
            stdin=subprocess.DEVNULL,
            check=True,
        )
        ended = time.monotonic()
        marks = json.loads((workdir / "marks.json").read_text(encoding="utf-8"))
    return {
        "interpreter": marks["first line"] - spawned,
        "walls": marks["walls"] - marks["first line"],
        "import keras": marks["import keras"] - marks["walls"],
        "learner cells": marks["learner cells"] - marks["import keras"],
        "learner calls": marks["learner calls"],
        "saving": marks["saving"],
        "exit": ended - marks["last line"],
        "total": ended - spawned,
    }


def real_build(exercise_id: str) -> float:
    """Wall seconds of `sandbox.run_builds` on the exercise's reference solution."""
    cells = read_cells(ROOT / "solutions" / f"{exercise_id}.py")
    with tempfile.TemporaryDirectory(prefix="build-real-") as tmp:
        start = time.monotonic()
        report = run_builds(
            cells, api.tasks_for([exercise_id]), pathlib.Path(tmp), limits=DEFAULT_LIMITS
        )
        seconds = time.monotonic() - start
    failed = {k: o.error for k, o in report.outcomes.items() if o.path == ""}
    if failed:
        raise RuntimeError(f"the reference solution of {exercise_id} did not build: {failed}")
    return seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--exercise",
        action="append",
        default=[],
        help="an exercise id (repeatable; default functional_mlp and inception_module)",
    )
    parser.add_argument("--runs", type=int, default=3, help="runs of each figure (%(default)s)")
    args = parser.parse_args(argv)
    ids = args.exercise or ["functional_mlp", "inception_module"]
    floors, rows = [], {}
    for _ in range(args.runs):  # interleaved, so that the machine's load hits every figure
        floors.append(floor())  # itself a median of 5
        for exercise_id in ids:
            rows.setdefault(exercise_id, []).append(
                {**probe(exercise_id), "real build process": real_build(exercise_id)}
            )
    base = statistics.median(floors)
    print(f"floor (python -c 'import tensorflow'): {base:.2f} s (1.00), median of {args.runs}")
    print(f"isolation (unshare): {'on' if isolation.available() else 'off'}")
    for exercise_id, runs in rows.items():
        print(f"\n{exercise_id}: {'phase':<20} {'seconds':>8} {'x floor':>8}")
        for phase in (*PHASES, "total", "real build process"):
            seconds = statistics.median(r[phase] for r in runs)
            print(f"{'':<{len(exercise_id) + 2}}{phase:<20} {seconds:>8.2f} {seconds / base:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
