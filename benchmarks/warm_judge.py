"""Does a warm judge give a fresh judge's verdicts? The whole catalogue, both ways.

Builds every case of the catalogue once (`tests/cases/*/*.py` and the
contract's `../shared/cases/*/*.py`), then judges the same saved models twice:
in a fresh judge process per case (what `check` does for one path) and in
one warm judge (`autograder.warm_judge`) that serves every case in turn,
across exercises. It compares the two JSON results of every case and prints
each difference; the exit status is 1 if any. It also prints the judging
time both ways, as a ratio to the warm judge's (the floor, measured in the
same run), and the warm judge's largest resident memory.

    .venv/bin/python benchmarks/warm_judge.py [--exercise ID] [--per-exercise N]
        [--catalogue shared|kit|both] [--json OUT]

Long: one build and one fresh judge per case (about half an hour for 170
cases on two busy cores); run it with `nice`.
"""

from __future__ import annotations

import argparse
import json
import pathlib
import sys
import tempfile
import time

from autograder import api, exercises, warm_judge
from autograder.protocol import DEFAULT_LIMITS
from autograder.sandbox import run_builds
from autograder.submission import read_cells

ROOT = pathlib.Path(__file__).resolve().parent.parent
CATALOGUES = {"shared": ROOT.parent / "shared" / "cases", "kit": ROOT / "tests" / "cases"}


def catalogue(only: str | None, per_exercise: int | None, which=tuple(CATALOGUES)):
    """The case files of implemented exercises, in catalogue order.

    Args:
        only: Only this exercise's cases.
        per_exercise: Only the first this many cases of each exercise.
        which: Names of `CATALOGUES` to read.

    Returns:
        A list of paths.
    """
    ready = set(exercises.available())
    paths = [
        path
        for root in (CATALOGUES[name] for name in which)
        for path in sorted(root.glob("*/*.py"))
        if path.parent.name in ready and (only is None or path.parent.name == only)
    ]
    if per_exercise is None:
        return paths
    return [
        p
        for i, p in enumerate(paths)
        if sum(q.parent.name == p.parent.name for q in paths[:i]) < per_exercise
    ]


def catalogue_options(parser: argparse.ArgumentParser) -> None:
    """Adds `--exercise`, `--per-exercise` and `--catalogue` (read by `chosen`)."""
    parser.add_argument("--exercise", help="only this exercise's cases")
    parser.add_argument("--per-exercise", type=int, help="only the first N cases of each exercise")
    parser.add_argument(
        "--catalogue", choices=[*CATALOGUES, "both"], default="both", help="(%(default)s)"
    )


def chosen(args: argparse.Namespace) -> list[pathlib.Path]:
    """The case files the options of `catalogue_options` select."""
    which = tuple(CATALOGUES) if args.catalogue == "both" else (args.catalogue,)
    return catalogue(args.exercise, args.per_exercise, which)


def judge_both(path: pathlib.Path, judge: warm_judge.WarmJudge) -> dict:
    """Builds one case, judges it fresh and warm; the two results and their times."""
    exercise_id = path.parent.name
    with tempfile.TemporaryDirectory(prefix="warm-judge-bench-") as tmp:
        workdir = pathlib.Path(tmp)
        (workdir / "build").mkdir()
        built = run_builds(
            read_cells(path), api.tasks_for([exercise_id]), workdir / "build", limits=DEFAULT_LIMITS
        )
        row = {"case": f"{path.parent.parent.parent.name}/{exercise_id}/{path.name}"}
        for way, warm in (("fresh", None), ("warm", judge)):
            (workdir / "judge-results.json").unlink(missing_ok=True)
            start = time.monotonic()
            results = api._run_judge(
                [exercise_id], built.outcomes, workdir, DEFAULT_LIMITS, {}, warm
            )
            row[f"{way}_seconds"] = time.monotonic() - start
            row[way] = [r.to_json() for r in results[exercise_id]]
    return row


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    catalogue_options(parser)
    parser.add_argument("--json", help="write every case's two results to this file")
    args = parser.parse_args(argv)
    paths = chosen(args)
    rows, differ, memory = [], [], 0
    with warm_judge.WarmJudge(max_jobs=len(paths) + 1) as judge:
        for number, path in enumerate(paths, 1):
            row = judge_both(path, judge)
            memory = max(memory, judge.memory())
            rows.append(row)
            same = row["fresh"] == row["warm"]
            if not same:
                differ.append(row["case"])
            print(
                f"[{number}/{len(paths)}] {row['case']}: {'same' if same else 'DIFFERENT'} "
                f"(fresh {row['fresh_seconds']:.1f} s, warm {row['warm_seconds']:.1f} s)",
                flush=True,
            )
        starts = judge.starts
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(rows, indent=1), encoding="utf-8")
    fresh = sum(r["fresh_seconds"] for r in rows)
    warm = sum(r["warm_seconds"] for r in rows)
    print(
        f"cases: {len(rows)}; identical verdicts: {len(rows) - len(differ)}; "
        f"different: {len(differ)}"
    )
    for case in differ:
        print(f"  different: {case}")
    print(
        f"warm judge processes started: {starts}; largest resident anonymous memory: "
        f"{memory / 1024**2:.0f} MiB"
    )
    print(
        f"judging time: warm {warm:.1f} s (floor, 1.00), fresh {fresh:.1f} s "
        f"({fresh / warm:.2f}x the floor)"
    )
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
