"""The command line: `python -m autograder list | check | grade | validate`.

A thin layer over `autograder.api`: it parses arguments, calls the API and
prints. Exit status: 0 every check passed, 1 a check failed, 2 usage error.

`check EXERCISE PATH` prints one submission's verdict. Given several paths,
`check` judges them all with one warm judge (`autograder.warm_judge`), prints
each verdict exactly as for one path under a line `==> PATH <==`, and exits
with the highest of their statuses.
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import io
import math
import os
import pathlib
import sys
from collections.abc import Iterator

from autograder import api, exercises, hints, render, warm_judge
from autograder.protocol import DEFAULT_LIMITS, Limits
from autograder.submission import SubmissionError

EXIT_PASS, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder", description="Grade Keras functional API exercises."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("list", help="list the exercise ids and their functions")
    check = commands.add_parser("check", help="check one exercise of a .py file or notebook")
    check.add_argument("exercise", help="exercise id, see `list`")
    check.add_argument(
        "path", nargs="+", help="a .py file or an .ipynb notebook (several: judged in one judge)"
    )
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    grade = commands.add_parser(
        "grade", help="grade every submission of an nbgrader assignment into the gradebook"
    )
    grade.add_argument("assignment", help="a released assignment, e.g. functional_api_1")
    grade.add_argument(
        "--course", default="course", help="the nbgrader course folder (%(default)s)"
    )
    grade.add_argument(
        "--workers",
        type=int,
        help="notebooks judged at once (default: cores); with --cluster local, worker processes",
    )
    on_dask = grade.add_mutually_exclusive_group()
    on_dask.add_argument(
        "--scheduler",
        metavar="tcp://HOST:PORT",
        help="judge on the workers of this Dask scheduler (the gradebook is written here)",
    )
    on_dask.add_argument(
        "--cluster",
        choices=["local"],
        help="judge on a Dask LocalCluster of --workers processes started for this run",
    )
    grade.add_argument("--student", action="append", help="only this student (repeatable)")
    grade.add_argument(
        "--execute",
        action="store_true",
        help="also run each notebook in a kernel, so feedback shows its outputs (slower)",
    )
    validate = commands.add_parser(
        "validate", help="run a notebook's visible checks before submitting (exit 1 if one fails)"
    )
    validate.add_argument("path", help="the assignment notebook (.ipynb)")
    for sub in (check, grade, validate):
        sub.add_argument(
            "--timeout",
            type=float,
            default=DEFAULT_LIMITS.seconds,
            help="seconds per exercise, for each cell and each call (default %(default)g)",
        )
        sub.add_argument(
            "--memory-gib",
            type=float,
            default=DEFAULT_LIMITS.memory_gib,
            help="memory cap of the learner's process in GiB (default %(default)g)",
        )
    return parser


def _list() -> int:
    ready = set(exercises.available())
    for exercise_id in exercises.IDS:
        if exercise_id in ready:
            exercise = exercises.get(exercise_id)
            print(f"{exercise_id:<18} {exercise.signature}")
        else:
            print(f"{exercise_id:<18} (not implemented yet)")
    return EXIT_PASS


def _grade(args) -> int:
    from autograder.nbgrader import gradebook
    from autograder.nbgrader.grade_class import GradingError, grade_class, table

    if args.scheduler and args.workers:
        return _usage("--workers does not apply with --scheduler: the scheduler has its workers.")
    try:
        report = grade_class(
            args.course,
            args.assignment,
            workers=args.workers,
            students=args.student,
            timeout=args.timeout,
            memory_gib=args.memory_gib,
            execute=args.execute,
            dask=args.scheduler or args.cluster,
        )
    except GradingError as error:
        return _usage(str(error))
    print(table(report))
    print(
        f"Report: {args.course}/reports/{args.assignment}.json; "
        f"gradebook: {_shown(gradebook.db_url(args.course))}"
    )
    return EXIT_PASS


def _shown(url: str) -> str:
    """A gradebook fit to print: a SQLite file relative to here, a server's URL without
    its password."""
    from sqlalchemy.engine import make_url

    from autograder.nbgrader import gradebook

    path = gradebook.sqlite_file(url)
    if path is not None:
        return os.path.relpath(path)
    return make_url(url).render_as_string(hide_password=True)


def _validate(args) -> int:
    from autograder import intake
    from autograder.nbgrader import grade_ids
    from autograder.submission import notebook_cells

    path = pathlib.Path(args.path)
    try:
        data = path.read_bytes()
    except OSError as error:
        return _usage(f"Cannot read {path.name}: {error.strerror or error}")
    read = intake.read(data, name=f"'{path.name}'")
    if read.notebook is None:
        return _usage(read.problem)
    ids = []
    for cell in read.notebook.cells:
        meta = cell.metadata.get("nbgrader", {})
        parsed = grade_ids.parse(str(meta.get("grade_id", "")) if isinstance(meta, dict) else "")
        if parsed and parsed.exercise not in ids:
            ids.append(parsed.exercise)
    cells = notebook_cells(read.notebook.cells)
    if not ids:
        return _usage("the notebook has no graded exercise of this kit.")
    results = api.check_cells(ids, cells, limits=_limits(args))
    ok = True
    for exercise_id in ids:
        visible = [r for r in results[exercise_id] if r.group == "visible"]
        ok = ok and all(r.passed for r in visible)
        hint = hints.feedback(exercise_id, visible, results[exercise_id])
        print(render.text(exercise_id, visible, hint=hint))
    return EXIT_PASS if ok else EXIT_FAIL


def _limits(args) -> Limits:
    return DEFAULT_LIMITS.tuned(seconds=args.timeout, memory_gib=args.memory_gib)


def _usage(message: str) -> int:
    print(f"python -m autograder: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "list":
        return _list()
    if not all(math.isfinite(x) and x > 0 for x in (args.timeout, args.memory_gib)):
        return _usage("--timeout and --memory-gib must be positive.")
    if args.command == "grade":
        return _grade(args)
    if args.command == "validate":
        return _validate(args)
    status = EXIT_PASS
    for verdict in check_paths(args.exercise, args.path, as_json=args.json, limits=_limits(args)):
        if len(args.path) > 1:
            print(f"==> {verdict.path} <==")
        sys.stdout.write(verdict.stdout)
        sys.stdout.flush()
        sys.stderr.write(verdict.stderr)
        status = max(status, verdict.status)
    return status


@dataclasses.dataclass(frozen=True)
class Verdict:
    """What `check EXERCISE PATH` prints for one path, and its exit status.

    Args:
        path: The path as given.
        stdout: The text printed on standard output.
        stderr: The text printed on standard error (a usage error).
        status: `EXIT_PASS`, `EXIT_FAIL` or `EXIT_USAGE`.
    """

    path: str
    stdout: str
    stderr: str
    status: int


def check_paths(
    exercise_id: str, paths: list[str], *, as_json: bool = False, limits: Limits = DEFAULT_LIMITS
) -> Iterator[Verdict]:
    """`check EXERCISE PATH` for each path, with one warm judge for them all.

    Each path gets its own build process, as alone; with several paths, the
    judge process is shared (`autograder.warm_judge`, which judges as a fresh
    one does); one path is judged by a fresh judge, as it always was.

    Args:
        exercise_id: e.g. `"qa_model"`.
        paths: `.py` files or `.ipynb` notebooks.
        as_json: Print the results as JSON (`--json`).
        limits: The `protocol.Limits`.

    Yields:
        One `Verdict` per path, in order, as soon as it is judged: what
        `check` prints and returns for that path alone.
    """
    shared = warm_judge.WarmJudge() if len(paths) > 1 else contextlib.nullcontext()
    with shared as judge:
        for path in paths:
            out, err = io.StringIO(), io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                status = _check_one(exercise_id, path, as_json, limits, judge)
            yield Verdict(path, out.getvalue(), err.getvalue(), status)


def _check_one(exercise_id, path, as_json, limits, judge) -> int:
    try:
        results = api.check(exercise_id, path, limits=limits, judge=judge)
    except KeyError:
        known = ", ".join(exercises.IDS)
        return _usage(f"unknown exercise id {exercise_id!r}. Known ids: {known}.")
    except exercises.NotImplementedYet:
        return _usage(f"exercise {exercise_id!r} is not implemented yet.")
    except SubmissionError as error:
        return _usage(str(error))
    if as_json:
        print(render.as_json(results))
    else:
        print(render.text(exercise_id, results, hint=hints.feedback(exercise_id, results)))
    return EXIT_PASS if results and all(r.passed for r in results) else EXIT_FAIL
