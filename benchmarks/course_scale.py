"""Benchmark: what grading costs, from one check to a class, against a floor measured here.

Every figure is printed as a ratio to the floor, a fresh Python that imports
TensorFlow (`python -c "import tensorflow"`, median of 5), measured in the
same run, at its start and at its end (the ratios use the mean): on a loaded
machine the ratios are what counts. One table:

- one exercise's check from the command line (`python -m autograder check
  functional_mlp` on the reference solution), a fresh process;
- one whole two-exercise notebook (`functional_api_1` with the reference
  answers, every check): with a fresh judge, and as `grade` judges it in a
  worker whose judge is already warm;
- a visible check from a notebook, run in a real kernel that has already run
  the answer cells (kernel warm): the first visible test cell of the
  session, the same cell run again, and the other exercise's visible test
  cell; with where each one's time went (build process: start-up until Keras
  is imported, learner code with saving the `.keras` files; judge; the rest);
- with `--class`: the 20-notebook class of `benchmarks/class_grading.py`
  graded with 1 and 2 local workers, through Dask (a `distributed.LocalCluster`
  of 2 workers) and by plain `nbgrader autograde`, the
  throughput ratio, and the peak resident memory of one grading worker (its
  process tree, `psutil`).

The figures also go to a JSON file (`--json`, default
`build/benchmarks/course_scale.json`), which `benchmarks/projection.py` reads.

Usage: `nice -n 10 .venv/bin/python benchmarks/course_scale.py [--class] [--no-plain]`
"""

from __future__ import annotations

import argparse
import json
import pathlib
import queue
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from autograder import api, warm_judge  # noqa: E402
from autograder.submission import notebook_cells  # noqa: E402
from benchmarks import class_grading  # noqa: E402
from tools import demo  # noqa: E402

ASSIGNMENT = class_grading.ASSIGNMENT
EXERCISES = ["functional_mlp", "qa_model"]
DEFAULT_JSON = ROOT / "build" / "benchmarks" / "course_scale.json"

#: Run in the kernel without entering its history (so the build process never
#: replays it): times the two stages every check goes through in `autograder.api`.
_PROBE = """
import time as _t, autograder.api as _api
_bench = []
def _timed(name, f):
    def run(*a, **k):
        start = _t.perf_counter()
        out = f(*a, **k)
        _bench.append((name, _t.perf_counter() - start, out))
        return out
    return run
_api.run_builds = _timed("build", _api.run_builds)
_api._run_judge = _timed("judge", _api._run_judge)
"""
_READ_PROBE = """
import json as _json
_b = {n: s for n, s, _ in _bench}
_r = next((o for n, _, o in _bench if n == "build"), None)
print(_json.dumps({"build": _b.get("build", 0.0), "judge": _b.get("judge", 0.0),
    "startup": sum(_r.startup_seconds) if _r else 0.0,
    "learner": _r.learner_seconds if _r else 0.0, "tasks": len(_r.outcomes) if _r else 0}))
_bench.clear()
"""


def cli_check(path: pathlib.Path) -> float:
    """Wall seconds of `python -m autograder check functional_mlp PATH` (must pass)."""
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "autograder", "check", "functional_mlp", str(path)],
        check=True,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    return time.perf_counter() - start


def whole_notebook(nb) -> dict:
    """Seconds to grade every check of both exercises: fresh judge, then warm judge."""
    cells = notebook_cells(nb.cells)
    times = {}
    start = time.perf_counter()
    fresh = api.check_cells(EXERCISES, cells)
    times["fresh judge"] = time.perf_counter() - start
    with warm_judge.WarmJudge() as judge:
        api.check_cells(EXERCISES, cells, judge=judge)  # the worker's first notebook
        start = time.perf_counter()
        warm = api.check_cells(EXERCISES, cells, judge=judge)
        times["warm judge"] = time.perf_counter() - start
    for results in (fresh, warm):
        failed = [r.check for rs in results.values() for r in rs if not r.passed]
        if failed:
            raise RuntimeError(f"The reference notebook failed checks: {failed}")
    return times


class Kernel:
    """A Jupyter kernel of this venv, fed code cell by cell."""

    def __init__(self):
        from jupyter_client.manager import start_new_kernel

        self.manager, self.client = start_new_kernel(kernel_name="python3")

    def run(self, code: str, *, history: bool = True) -> tuple[float, str]:
        """Runs `code`; returns its wall seconds and its printed text.

        Raises:
            RuntimeError: if the cell raised.
        """
        printed = []

        def hook(msg):
            if msg["msg_type"] == "stream":
                printed.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                printed.append("\n".join(msg["content"]["traceback"]))

        start = time.perf_counter()
        try:
            reply = self.client.execute_interactive(
                code, store_history=history, timeout=1800, output_hook=hook
            )
        except queue.Empty:
            raise RuntimeError(f"The kernel did not answer:\n{code}") from None
        seconds = time.perf_counter() - start
        if reply["content"]["status"] != "ok":
            raise RuntimeError(f"The cell failed:\n{code}\n{''.join(printed)}")
        return seconds, "".join(printed)

    def close(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=False)


def visible_checks(nb) -> list[dict]:
    """Times visible test cells in a kernel that has run the answer cells before them."""
    kernel = Kernel()
    rows = []
    try:
        kernel.run(_PROBE, history=False)
        first = None
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
            if "HIDDEN TESTS" in cell.source or grade_id.endswith("_behaviour"):
                continue
            seconds, printed = kernel.run(cell.source)
            if not grade_id.endswith("_structure"):
                continue
            phases = json.loads(kernel.run(_READ_PROBE, history=False)[1])
            name = grade_id.rsplit("_", 1)[0]
            rows.append(dict(phases, cell=f"{name}, {'first' if first is None else 'next'}"))
            rows[-1].update(seconds=seconds, passed="checks passed" in printed)
            first = first or (cell, name)
        seconds, printed = kernel.run(first[0].source)  # the student runs it again
        phases = json.loads(kernel.run(_READ_PROBE, history=False)[1])
        rows.append(dict(phases, cell=f"{first[1]}, again", seconds=seconds))
        rows[-1]["passed"] = "checks passed" in printed
    finally:
        kernel.close()
    return rows


def reference_notebook(course: pathlib.Path):
    """The release of `ASSIGNMENT` with the reference answers."""
    demo.prepare(course, [ASSIGNMENT])
    return demo.answer(demo.release(course, ASSIGNMENT), "reference")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--class", dest="klass", action="store_true", help="grade the class too")
    parser.add_argument("--no-plain", action="store_true", help="with --class: no plain nbgrader")
    parser.add_argument("--timeout", type=float, default=60, help="class: seconds per exercise")
    parser.add_argument("--memory-gib", type=float, default=1.0, help="class: build process cap")
    parser.add_argument("--json", default=str(DEFAULT_JSON), help="(%(default)s)")
    args = parser.parse_args(argv)
    base = class_grading.floor()
    print(f"floor: python -c 'import tensorflow', median of 5: {base:.1f} s", flush=True)
    figures = {"floor_seconds": base}
    rows = _Rows()
    rows.append(("one exercise's check, CLI", cli_check(ROOT / "solutions" / "functional_mlp.py")))
    with tempfile.TemporaryDirectory() as tmp:
        nb = reference_notebook(pathlib.Path(tmp) / "course")
        for way, seconds in whole_notebook(nb).items():
            rows.append((f"whole 2-exercise notebook, {way}", seconds))
        visible = visible_checks(nb)
    for row in visible:
        rows.append((f"visible check in a kernel: {row['cell']}", row["seconds"]))
    figures["visible_checks"] = visible
    if args.klass:
        rows.extend(grade_class_figures(args, figures))
    # The machine's load changes during a long run: the floor is measured again at the
    # end, and the ratios use the mean of both.
    end = class_grading.floor()
    print(f"floor again at the end: {end:.1f} s; ratios to the mean, {(base + end) / 2:.1f} s")
    figures.update(floor_start_seconds=base, floor_end_seconds=end)
    base = figures["floor_seconds"] = (base + end) / 2
    figures["rows"] = {name: seconds for name, seconds in rows}
    print(f"\n{'figure':<52}{'s':>8}{'x floor':>9}")
    for name, seconds in rows:
        print(f"{name:<52}{seconds:>8.1f}{seconds / base:>9.2f}")
    print("\nwhere a visible check's time went (s): build process = start-up (Python + Keras)")
    print("+ learner code and saving; judge = its start-up when cold + the checks")
    print(
        f"{'cell':<28}{'tasks':>6}{'start-up':>9}{'learner':>9}{'build':>8}{'judge':>8}{'rest':>7}"
    )
    for r in visible:
        rest = r["seconds"] - r["build"] - r["judge"]
        print(
            f"{r['cell']:<28}{r['tasks']:>6}{r['startup']:>9.1f}{r['learner']:>9.1f}"
            f"{r['build']:>8.1f}{r['judge']:>8.1f}{rest:>7.1f}"
            + ("" if r["passed"] else "  (did not pass!)")
        )
    if "class" in figures:
        c = figures["class"]
        print(
            f"\nclass of {c['notebooks']}: 2 workers / plain nbgrader throughput: "
            f"{c.get('speedup_vs_plain', float('nan')):.2f}x (target >= 2.5); "
            f"peak memory of one worker (tree RSS): {c['peak_rss_bytes'] / 1024**3:.2f} GiB"
        )
    out = pathlib.Path(args.json)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, indent=1), encoding="utf-8")
    print(f"figures written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0 if all(r["passed"] for r in visible) else 1


class _Rows(list):
    """The table's rows, each printed as soon as it is measured (a long run is read as it
    goes)."""

    def append(self, row: tuple[str, float]) -> None:
        print(f"  {row[0]}: {row[1]:.1f} s", flush=True)
        super().append(row)


def grade_class_figures(args, figures: dict) -> list[tuple[str, float]]:
    """The class of `benchmarks/class_grading.py` with 1 and 2 workers, and plain nbgrader."""
    n = class_grading.N
    with tempfile.TemporaryDirectory() as tmp:
        course = pathlib.Path(tmp) / "course"
        class_grading.make_class(course, "roster")
        one, peak, report = class_grading.kit(course, 1, args)
        two, _, report_two = class_grading.kit(course, 2, args)
        dask_two = class_grading.kit(course, 2, args, dask="local")[0]
        klass = {
            "notebooks": n,
            "workers": {"1": one, "2": two},
            "dask_local_2_seconds": dask_two,
            "judge_seconds": {"1": report["seconds"]["judge"], "2": report_two["seconds"]["judge"]},
            "record_seconds": {
                "1": report["seconds"]["record"],
                "2": report_two["seconds"]["record"],
            },
            "median_notebook_seconds": statistics.median(
                d["judge_seconds"] for d in report["students"].values()
            ),
            "peak_rss_bytes": peak,
        }
        rows = _Rows()
        rows.append((f"class of {n}, 1 worker, per notebook", one / n))
        rows.append((f"class of {n}, 2 workers, per notebook", two / n))
        rows.append((f"class of {n}, Dask LocalCluster 2 workers, per nb", dask_two / n))
        print(f"  peak memory of one worker (tree RSS): {peak / 1024**3:.2f} GiB", flush=True)
        if not args.no_plain:
            seconds, _ = class_grading.plain(course, args.timeout)
            klass["plain_seconds"] = seconds
            klass["speedup_vs_plain"] = seconds / two
            rows.append((f"class of {n}, plain nbgrader, per notebook", seconds / n))
    figures["class"] = klass
    return rows


if __name__ == "__main__":
    sys.exit(main())
