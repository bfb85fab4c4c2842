"""The lessons: clean jupytext sources that execute without errors, fresh figures.

Static checks run in a second; the tests marked `lessons` execute every lesson
once (through `tools/run_lessons.py`, into a temporary directory, figures
included) and take about a minute per lesson on two cores:

```
.venv/bin/python -m pytest tests/test_lessons.py -m "not lessons"   # static only
.venv/bin/python -m pytest tests/test_lessons.py -m lessons -k 01   # lesson 1
.venv/bin/python -m pytest tests/test_lessons.py                    # everything
```

Each lesson runs once per session, also under pytest-xdist: runs are cached
in the session's shared temporary directory, and a lock file keeps two
workers from executing the same lesson.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import pathlib
import re
import shutil

import jupytext
import pytest
from PIL import Image

from tests.conftest import ROOT
from tools.run_lessons import check_kernel, lesson_paths, run_lesson

NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
LESSONS = lesson_paths()
HEADER = """\
# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
"""
TITLE = re.compile(r"# # Lesson (\d+) — \S.*\n#\n# \*\*Description:\*\* \S")


def _digest_key() -> str:
    """`lesson_tools.DIGEST_KEY`, read without putting notebooks/ on sys.path."""
    spec = importlib.util.spec_from_file_location("lesson_tools", NOTEBOOKS / "lesson_tools.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DIGEST_KEY


DIGEST_KEY = _digest_key()


def png_digest(path: pathlib.Path) -> str | None:
    """The model-config digest `show_model` stored in a PNG, or `None`."""
    with Image.open(path) as image:
        return image.text.get(DIGEST_KEY)


# --- static checks ---------------------------------------------------------------


def test_lessons_exist():
    assert LESSONS, "Expected lessons notebooks/NN_slug.py. Received: none."


def test_no_notebooks_committed():
    found = sorted(path.name for path in NOTEBOOKS.glob("*.ipynb"))
    assert not found, (
        f"Lessons are .py sources only (outputs are never committed). Received: {found}. "
        "Delete them; `make book` writes executed notebooks to build/book/."
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_lesson_header(lesson):
    text = lesson.read_text(encoding="utf-8")
    assert text.startswith(HEADER), f"{lesson.name}: expected the jupytext header of the kit."
    match = TITLE.match(text[len(HEADER) :])
    assert match, (
        f"{lesson.name}: expected '# # Lesson N — Title', '#', '# **Description:** ...' "
        "after the first `# %% [markdown]`."
    )
    assert int(match.group(1)) == int(lesson.name[:2]), (
        f"{lesson.name}: expected Lesson {int(lesson.name[:2])}. Received: Lesson {match.group(1)}."
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_lesson_is_jupytext_readable(lesson):
    notebook = jupytext.read(lesson)
    assert notebook.cells[0].cell_type == "markdown"
    assert any(cell.cell_type == "code" for cell in notebook.cells)
    assert notebook.metadata["kernelspec"]["name"] == "python3"


# --- executing the lessons -------------------------------------------------------


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

    Args:
        root: A directory shared by all pytest-xdist workers of the session.
    """

    def __init__(self, root: pathlib.Path):
        self.root = root

    def get(self, lesson: pathlib.Path) -> dict:
        """Runs `lesson` (or reads its earlier run).

        Args:
            lesson: Path of the lesson's `.py` source.

        Returns:
            A dict with `errors` (list of str), `seconds` (float) and
            `figures` (the directory the lesson's figures were written to).
        """
        where = self.root / lesson.stem
        where.mkdir(parents=True, exist_ok=True)
        result = where / "result.json"
        with _locked(where / "lock"):
            if not result.exists():
                run = run_lesson(
                    lesson, out_dir=where / "book", figures_dir=where / "figures", html=True
                )
                (where / "figures").mkdir(exist_ok=True)
                result.write_text(json.dumps({"errors": run.errors, "seconds": run.seconds}))
        return dict(json.loads(result.read_text()), figures=where / "figures")


@pytest.fixture(scope="module")
def lesson_runs(request, tmp_path_factory):
    check_kernel()
    shared = tmp_path_factory.getbasetemp()
    if hasattr(request.config, "workerinput"):  # pytest-xdist: the parent is shared
        shared = shared.parent
    return LessonRuns(shared / "lesson_runs")


needs_dot = pytest.mark.skipif(
    shutil.which("dot") is None, reason="Graphviz's `dot` is needed to draw figures"
)


@pytest.mark.lessons
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_lesson_executes(lesson, lesson_runs):
    run = lesson_runs.get(lesson)
    assert not run["errors"], f"{lesson.name}: cells with errors:\n" + "\n".join(run["errors"])


@pytest.mark.lessons
@needs_dot
@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_lesson_figures_committed_and_fresh(lesson, lesson_runs):
    prefix = lesson.name[:3]
    for written in sorted(lesson_runs.get(lesson)["figures"].glob("*.png")):
        committed = FIGURES / written.name
        fix = (
            f"Run `.venv/bin/python tools/run_lessons.py {lesson.relative_to(ROOT)}` and commit it."
        )
        assert written.name.startswith(prefix), (
            f"{lesson.name} writes {written.name}: figure names start with {prefix!r}."
        )
        assert committed.exists(), f"figures/{written.name} is missing. {fix}"
        assert png_digest(committed) == png_digest(written), (
            f"figures/{written.name} is stale: its model config digest differs from the "
            f"lesson's model. {fix}"
        )


@pytest.mark.lessons
@needs_dot
def test_every_committed_figure_comes_from_a_lesson(lesson_runs):
    produced = {
        path.name for lesson in LESSONS for path in lesson_runs.get(lesson)["figures"].glob("*.png")
    }
    orphans = sorted(path.name for path in FIGURES.glob("*.png") if path.name not in produced)
    assert not orphans, f"No lesson writes these committed figures: {orphans}. Delete them."
