"""Shared fixtures: the repo root, running the CLI, the hostile class graded, the executed
lessons and the book."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Runs `python -m autograder ARGS` as a learner or instructor would."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0")
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def released_course(tmp_path_factory):
    """A course with `functional_api_1` built and released (`demo.prepare`), made once.

    Tests read it; a test that grades copies it first.
    """
    from tools import demo

    course = tmp_path_factory.mktemp("released")
    demo.prepare(course, ["functional_api_1"])
    return course


@pytest.fixture(scope="session")
def hostile_graded(tmp_path_factory):
    """The hostile class (`tests/hostile_class.py`) graded by the local pool of 2 workers,
    once per session: `(course, report)`. `tests/test_hostile.py` checks it and
    `tests/test_dask.py` compares Dask's grades with it (both in the xdist group
    `hostile`, so one worker grades it once)."""
    from autograder import isolation
    from autograder.nbgrader.grade_class import grade_class
    from tests import hostile_class

    if not isolation.available():
        pytest.skip("no user namespaces on this machine: learner code cannot be walled off")
    course = hostile_class.make_class(tmp_path_factory.mktemp("class"))
    report = grade_class(
        course, hostile_class.ASSIGNMENT, workers=2, timeout=45, memory_gib=2, progress=False
    )
    return course, report


@contextlib.contextmanager
def _locked(path: pathlib.Path):
    """An exclusive lock on `path` (a no-op where `fcntl` does not exist)."""
    try:
        import fcntl
    except ImportError:
        yield
        return
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class LessonRuns:
    """Executes each lesson at most once per test session and remembers the result.

    Every executed notebook goes to one folder, `executed`, from which the
    book is built; each lesson's figures go to their own folder.

    Args:
        root: A directory shared by all pytest-xdist workers of the session.
    """

    def __init__(self, root: pathlib.Path):
        self.root = root
        self.executed = root / "executed"

    def get(self, lesson: pathlib.Path) -> dict:
        """Runs `lesson` (or reads its earlier run).

        Args:
            lesson: Path of the lesson's `.py` source.

        Returns:
            A dict with `errors` (list of str), `seconds` (float) and
            `figures` (the directory the lesson's figures were written to).
        """
        from tools.run_lessons import run_lesson

        where = self.root / lesson.stem
        where.mkdir(parents=True, exist_ok=True)
        result = where / "result.json"
        with _locked(where / "lock"):
            if not result.exists():
                run = run_lesson(
                    lesson, out_dir=self.executed, figures_dir=where / "figures", html=False
                )
                (where / "figures").mkdir(exist_ok=True)
                result.write_text(json.dumps({"errors": run.errors, "seconds": run.seconds}))
        return dict(json.loads(result.read_text()), figures=where / "figures")


@pytest.fixture(scope="session")
def lesson_runs(request, tmp_path_factory) -> LessonRuns:
    """The lessons, each executed once per session (`tools/run_lessons.py`), on demand."""
    from tools.run_lessons import check_kernel

    check_kernel()
    shared = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # pytest-xdist: the parent is shared
        shared = shared.parent
    return LessonRuns(shared / "lesson_runs")


@pytest.fixture(scope="session")
def book(lesson_runs):
    """The book (`tools/build_book.py`), built once per session from `lesson_runs`.

    Fails when a lesson has errors: the book is made of clean executed lessons.
    """
    from tools.build_book import Book, build
    from tools.run_lessons import lesson_paths

    runs = {lesson.name: lesson_runs.get(lesson) for lesson in lesson_paths()}
    failed = {name: run["errors"] for name, run in runs.items() if run["errors"]}
    if failed:
        pytest.fail(f"The book is built from lessons that execute cleanly. Received: {failed}")
    out = lesson_runs.root / "book"
    record = lesson_runs.root / "book.json"
    with _locked(lesson_runs.root / "book.lock"):
        if not record.exists():
            built = build(lesson_runs.executed, out)
            record.write_text(json.dumps({"pages": built.pages, "seconds": built.seconds}))
    return Book(out / "html", **json.loads(record.read_text()))
