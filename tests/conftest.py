"""Shared fixtures: the repo root, running the CLI, the released courses, the hostile class
graded, the executed lessons and the book."""

from __future__ import annotations

import contextlib
import json
import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from tests import xdist_groups

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


@pytest.hookimpl(trylast=True)  # after xdist's own hook
def pytest_collection_modifyitems(config, items):
    """One worker per `xdist_group`, longest groups first (`tests/xdist_groups.py`)."""
    xdist_groups.apply(config, items)


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def released_course(prepared_courses):
    """A course with `functional_api_1` built and released (`demo.prepare`), made once.

    Tests read it; a test that grades copies it first.
    """
    return prepared_courses.get(["functional_api_1"])


@pytest.fixture(scope="session")
def hostile_graded(tmp_path_factory, prepared_courses):
    """The hostile class (`tests/hostile_class.py`) graded by the local pool of 2 workers,
    once per session: `(course, report)`. `tests/test_hostile.py` checks it and
    `tests/test_dask.py` compares Dask's grades with it (both in the xdist group
    `hostile`, so one worker grades it once)."""
    from autograder import isolation
    from autograder.nbgrader.grade_class import grade_class
    from tests import hostile_class

    if not isolation.available():
        pytest.skip("no user namespaces on this machine: learner code cannot be walled off")
    course = hostile_class.make_class(tmp_path_factory.mktemp("class") / "c", prepared_courses)
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
    return LessonRuns(_shared_root(request, tmp_path_factory) / "lesson_runs")


def _shared_root(request, tmp_path_factory) -> pathlib.Path:
    """The session's temporary directory that every pytest-xdist worker sees."""
    shared = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # pytest-xdist: the parent is shared
        shared = shared.parent
    return shared


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


class PreparedCourses:
    """Courses built and released by `demo.prepare`, each set of assignments once per session.

    A course takes 20 to 40 s per assignment to build and release; the
    modules that grade one copy it (`copy`), those that only read it share it
    (`get`), whichever worker asks first.

    Args:
        root: A directory shared by all pytest-xdist workers of the session.
    """

    def __init__(self, root: pathlib.Path):
        self.root = root
        root.mkdir(parents=True, exist_ok=True)

    def get(self, assignments: list[str]) -> pathlib.Path:
        """The course of `assignments` (built on the first call); read it, do not change it.

        Args:
            assignments: Assignment names, e.g. `["functional_api_1"]`.

        Returns:
            The course folder: `nbgrader_config.py`, `source/`, `release/`, `gradebook.db`.
        """
        from tools import demo

        name = "+".join(assignments)
        course, done = self.root / name, self.root / f"{name}.done"
        with _locked(self.root / f"{name}.lock"):
            if not done.exists():
                shutil.rmtree(course, ignore_errors=True)  # left by an interrupted build
                demo.prepare(course, list(assignments))
                done.touch()
        return course

    def copy(self, assignments: list[str], to: pathlib.Path) -> pathlib.Path:
        """A copy of the course of `assignments` at `to` (which must not exist), to grade in."""
        shutil.copytree(self.get(assignments), to)
        return to


@pytest.fixture(scope="session")
def prepared_courses(request, tmp_path_factory) -> PreparedCourses:
    """The built and released courses of the session (`PreparedCourses`)."""
    return PreparedCourses(_shared_root(request, tmp_path_factory) / "prepared_courses")
