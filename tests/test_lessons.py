"""The lessons: clean jupytext sources that execute without errors, fresh figures.

Static checks run in a second; the tests marked `lessons` execute every lesson
once (through `tools/run_lessons.py`, into a temporary directory, figures
included) and take about a minute per lesson on two cores:

```
.venv/bin/python -m pytest tests/test_lessons.py -m "not lessons"   # static only
.venv/bin/python -m pytest tests/test_lessons.py -m lessons -k 01   # lesson 1
.venv/bin/python -m pytest tests/test_lessons.py                    # everything
```

Each lesson runs once per session, also under pytest-xdist: the
`lesson_runs` fixture (`tests/conftest.py`) caches runs in the session's
shared temporary directory, where the book test (`tests/test_book.py`) builds
the book from the same executed notebooks.
"""

from __future__ import annotations

import importlib.util
import pathlib
import re
import shutil

import jupytext
import pytest
from PIL import Image

from tests.conftest import ROOT
from tools.run_lessons import lesson_paths

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
        "Delete them; `make book` writes executed notebooks to build/lessons/."
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


# --- executing the lessons (the `lesson_runs` fixture of conftest.py) ----------


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
