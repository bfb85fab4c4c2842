"""The whole catalogue through the command line, fresh judge vs warm judge.

Checks every catalogue case (`tests/cases/*/*.py` and the contract's
`../shared/cases/*/*.py`) two ways, as a user would:

- fresh: one `python -m autograder check EXERCISE PATH --json` per case
  (one build process and one fresh judge process per case);
- warm: one `python -m autograder check EXERCISE PATH [PATH ...] --json` per
  exercise (one build process per case, one warm judge for the exercise).

It compares the two JSON verdicts of every case, prints each difference (a
unified diff) and exits 1 if any. It also prints the wall time per case both
ways as a ratio to the floor (`python -c "import tensorflow"`, measured in the
same run). Unlike `benchmarks/warm_judge.py`, which judges the same saved
models twice, each way builds the case again: a difference can also come from
the build process.

    .venv/bin/python benchmarks/catalogue_verdicts.py [--exercise ID]
        [--per-exercise N] [--catalogue shared|kit|both] [--jobs N] [--json OUT]

Long (about an hour for the whole catalogue on two busy cores); run it with
`nice`. `--jobs` runs that many commands at once (the times then include the
contention).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import difflib
import json
import pathlib
import statistics
import subprocess
import sys
import time

from class_grading import floor as floor_seconds
from warm_judge import catalogue_options, chosen

ROOT = pathlib.Path(__file__).resolve().parent.parent


def _run(command: list[str]) -> tuple[str, float]:
    """Runs `command` from the repository; its standard output and wall seconds."""
    start = time.monotonic()
    proc = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    seconds = time.monotonic() - start
    if proc.returncode not in (0, 1):
        raise RuntimeError(f"{' '.join(command)} exited {proc.returncode}:\n{proc.stderr[-2000:]}")
    return proc.stdout, seconds


def check(exercise_id: str, paths: list[pathlib.Path]) -> tuple[dict[str, str], float]:
    """`check EXERCISE PATH ... --json`: each path's printed verdict, and the wall seconds."""
    out, seconds = _run(
        [sys.executable, "-m", "autograder", "check", exercise_id, *map(str, paths), "--json"]
    )
    if len(paths) == 1:
        return {str(paths[0]): out}, seconds
    verdicts, current = {}, None
    for line in out.splitlines(keepends=True):
        if line.startswith("==> ") and line.rstrip().endswith(" <=="):
            current = line.rstrip()[4:-4]
            verdicts[current] = ""
        else:
            verdicts[current] += line
    return verdicts, seconds


def _canonical(text: str) -> list[str]:
    """A printed JSON verdict as indented lines (the text itself if it is no JSON)."""
    try:
        return json.dumps(json.loads(text), indent=1, sort_keys=True).splitlines()
    except json.JSONDecodeError:
        return text.splitlines()


def _compare(case: str, fresh: str, warm: str | None) -> bool:
    """Whether one case's two printed verdicts are the same JSON; prints the diff if not."""
    same = warm is not None and _canonical(fresh) == _canonical(warm)
    if same:
        print(f"same: {case}", flush=True)
    else:
        diff = difflib.unified_diff(_canonical(fresh), _canonical(warm or ""), "fresh", "warm")
        print(f"DIFFERENT: {case}\n" + "\n".join(line.rstrip() for line in diff), flush=True)
    return same


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    catalogue_options(parser)
    parser.add_argument("--jobs", type=int, default=1, help="commands at once (%(default)s)")
    parser.add_argument("--json", help="write every case's two verdicts to this file")
    args = parser.parse_args(argv)
    paths = chosen(args)
    groups: dict[str, list[pathlib.Path]] = {}
    for path in paths:
        groups.setdefault(path.parent.name, []).append(path)
    floor = floor_seconds()
    print(f"floor (python -c 'import tensorflow'): {floor:.1f} s", flush=True)

    fresh, warm, seconds = {}, {}, {"fresh": 0.0, "warm": 0.0}
    rows, differ, left = [], [], {e: len(group) + 1 for e, group in groups.items()}
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        jobs = {}
        for exercise_id, group in groups.items():  # exercise by exercise: compared as they end
            jobs[pool.submit(check, exercise_id, group)] = ("warm", exercise_id)
            jobs |= {pool.submit(check, exercise_id, [p]): ("fresh", exercise_id) for p in group}
        for done, job in enumerate(concurrent.futures.as_completed(jobs), 1):
            way, exercise_id = jobs[job]
            verdicts, took = job.result()
            (warm if way == "warm" else fresh).update(verdicts)
            seconds[way] += took
            print(f"[{done}/{len(jobs)}] {way} {exercise_id}: {took:.1f} s", flush=True)
            left[exercise_id] -= 1
            if not left[exercise_id]:
                for path in map(str, groups[exercise_id]):
                    rows.append({"case": path, "fresh": fresh[path], "warm": warm.get(path)})
                    if not _compare(path, fresh[path], warm.get(path)):
                        differ.append(path)
        floor = statistics.median([floor, floor_seconds()])

    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    n = len(paths)
    print(f"cases compared: {n}; identical verdicts: {n - len(differ)}; different: {len(differ)}")
    print(f"floor: {floor:.1f} s (1.00)")
    for way in ("fresh", "warm"):
        per_case = seconds[way] / n
        print(f"{way}: {per_case:.1f} s per case ({per_case / floor:.2f}x the floor)")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
