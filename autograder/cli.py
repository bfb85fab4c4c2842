"""The command line: `python -m autograder list | check EXERCISE PATH [--json]`.

A thin layer over `autograder.api`: it parses arguments, calls the API and
prints. Exit status: 0 every check passed, 1 a check failed, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys

from autograder import api, exercises, render
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
    check.add_argument("path", help="a .py file or an .ipynb notebook")
    check.add_argument("--json", action="store_true", help="print the results as JSON")
    check.add_argument(
        "--timeout", type=float, default=api.DEFAULT_TIMEOUT,
        help="seconds for running the code, and again for each call (default %(default)g)",
    )
    check.add_argument(
        "--memory-gib", type=float, default=api.DEFAULT_MEMORY_GIB,
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


def _usage(message: str) -> int:
    print(f"python -m autograder: error: {message}", file=sys.stderr)
    return EXIT_USAGE


def main(argv: list[str] | None = None) -> int:
    """Runs the command line; returns the exit status."""
    args = _parser().parse_args(argv)
    if args.command == "list":
        return _list()
    if args.timeout <= 0 or args.memory_gib <= 0:
        return _usage("--timeout and --memory-gib must be positive.")
    try:
        results = api.check(
            args.exercise, args.path, timeout=args.timeout, memory_gib=args.memory_gib
        )
    except KeyError:
        known = ", ".join(exercises.IDS)
        return _usage(f"unknown exercise id {args.exercise!r}. Known ids: {known}.")
    except exercises.NotImplementedYet:
        return _usage(f"exercise {args.exercise!r} is not implemented yet.")
    except SubmissionError as error:
        return _usage(str(error))
    print(render.as_json(results) if args.json else render.text(args.exercise, results))
    return EXIT_PASS if results and all(r.passed for r in results) else EXIT_FAIL
