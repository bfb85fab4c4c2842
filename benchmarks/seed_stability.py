"""Benchmark: the reference solutions pass every check whatever the judge's seed.

Runs every exercise (or those named with `--exercise`) on the reference
solutions (one build process and one judge process per run) with
`AUTOGRADER_SEED` = 0, 1, ..., N-1, and prints, per seed, the number of
checks passed and the wall time; exits 1 if any check failed for any seed.

Usage: `.venv/bin/python benchmarks/seed_stability.py [--runs 20] [--exercise ID ...]`
"""

from __future__ import annotations

import argparse
import os
import pathlib
import subprocess
import sys
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent

RUN_ONE = """
import json, pathlib, sys
from autograder import api, exercises
from autograder.submission import Cell
root = pathlib.Path(sys.argv[1])
ids = sys.argv[2:] or list(exercises.IDS)
cells = [Cell((root / "solutions" / f"{e}.py").read_text(), f"{e}.py", True) for e in ids]
results = api.check_cells(ids, cells)
print(json.dumps({e: [r.check for r in rs if not r.passed] + [len(rs)]
                  for e, rs in results.items()}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20, help="seeds 0 .. runs-1 (default 20)")
    parser.add_argument(
        "--exercise", action="append", default=[], help="only this exercise id (repeatable)"
    )
    args = parser.parse_args()
    import json

    failures = 0
    print(f"{'seed':>4} {'checks passed':>14} {'wall s':>7}  failed")
    for seed in range(args.runs):
        env = dict(os.environ, AUTOGRADER_SEED=str(seed), TF_CPP_MIN_LOG_LEVEL="3")
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", RUN_ONE, str(ROOT), *args.exercise],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        seconds = time.perf_counter() - start
        data = json.loads(out.strip().splitlines()[-1])
        total = sum(v[-1] for v in data.values())
        failed = [f"{e}:{c}" for e, v in data.items() for c in v[:-1]]
        failures += len(failed)
        print(
            f"{seed:>4} {total - len(failed):>8}/{total:<5} {seconds:>7.1f}  "
            + (", ".join(failed) or "-")
        )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
