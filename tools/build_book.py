"""Builds the book: a static site of the executed lessons, with a course map,
an exercise index and the errata.

The lessons are not executed here: `tools/run_lessons.py` has written each
`NN_slug.ipynb`, with its outputs and figures, into the folder given
(`make book` uses `build/lessons/`, the tests their session's runs). Sphinx,
with MyST-NB reading the notebooks as they are (`nb_execution_mode = "off"`)
and the Jupyter Book theme (`sphinx-book-theme`), turns them into
`<out>/html/`; everything it needs is installed with the kit, nothing is
downloaded. The pages:

- `index.html`, the course map (`tools/course_map.py`): each lesson with
  what it covers, its estimated time (the lesson's own
  `**Estimated time:** N min`), the exercises that practise it, and the
  assignments;
- one page per lesson, in order, with previous/next links; a link to a
  lesson's source `NN_slug.py` reaches its page, and one to an assignment
  template its section of the exercise index (`tools/book_links.py`);
- `exercises.html`, the assignments, then every exercise of
  `autograder.exercises.IDS` with its signature, the assignments that grade
  it, the lessons that teach it and its hints (folded);
- `errata.html`, from `notebooks/errata.md`.

Sources are staged in `<out>/source/` (a file is rewritten only when it
changes, so Sphinx reads again only what changed) and any Sphinx warning
fails the build.

Example:

```
.venv/bin/python tools/run_lessons.py --no-html --out build/lessons
.venv/bin/python -m tools.build_book build/lessons --out build/book
```
"""

from __future__ import annotations

import argparse
import dataclasses
import io
import pathlib
import re
import shutil
import sys
import time

import jupytext
import nbformat

from tools import course_map, run_lessons
from tools.build_course import TEMPLATES
from tools.run_lessons import NOTEBOOKS, ROOT, cell_errors, lesson_paths

DEFAULT_EXECUTED = run_lessons.DEFAULT_OUT  # build/lessons/
DEFAULT_OUT = ROOT / "build" / "book"
ERRATA = NOTEBOOKS / "errata.md"
TITLE = "Keras functional API — a course kit"
#: The Sphinx configuration (there is no conf.py: `tools/build_book.py` is it).
CONFIG = {
    "project": TITLE,
    "root_doc": "index",
    "language": "en",
    "extensions": ["myst_nb", "sphinx_togglebutton", "tools.book_links"],
    "myst_enable_extensions": ["colon_fence"],
    "nb_execution_mode": "off",  # the notebooks come executed
    "nb_merge_streams": True,
    "html_theme": "sphinx_book_theme",
    "html_title": TITLE,
    "html_theme_options": {
        "home_page_in_toc": True,
        "show_toc_level": 2,
        "use_download_button": True,
    },
    "html_show_sphinx": False,
    "html_show_copyright": False,
}


class BookError(RuntimeError):
    """The book cannot be built from what was given; the message says why and what to run."""


@dataclasses.dataclass
class Book:
    """A built book.

    Attributes:
        html: The folder of the site; `html / "index.html"` is the course map.
        pages: The documents built, in reading order (`"index"`, the
            lessons, `"exercises"`, `"errata"`).
        seconds: Wall time of the build (staging and Sphinx).
    """

    html: pathlib.Path
    pages: list[str]
    seconds: float

    @property
    def index(self) -> pathlib.Path:
        """The course map, `index.html`."""
        return self.html / "index.html"


def duration(minutes: int) -> str:
    """`minutes` as a reader says it: `"45 min"`, `"1 h"`, `"4 h 5 min"`."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest} min" if rest else f"{hours} h"


def _cell(text: str) -> str:
    """`text` made safe for one cell of a Markdown table."""
    return " ".join(text.split()).replace("|", "\\|")


def _exercise_link(exercise_id: str) -> str:
    return f"[`{exercise_id}`](exercises.md#ex-{exercise_id})"


def _assignment_link(name: str) -> str:
    return f"[`{name}`](exercises.md#assignment-{name})"


def _lesson_link(lesson: course_map.Lesson) -> str:
    return f"[Lesson {lesson.number} — {_cell(lesson.title)}]({lesson.name}.ipynb)"


def _toctree(caption: str, documents: list[str]) -> str:
    return "\n".join(["```{toctree}", ":hidden:", f":caption: {caption}", "", *documents, "```"])


def index_page(course: course_map.CourseMap) -> str:
    """The course map, as MyST Markdown: lessons, times, exercises, assignments."""
    lessons = {lesson.name: lesson for lesson in course.lessons}
    lines = [
        f"# {TITLE}",
        "",
        f"{len(course.lessons)} lessons rebuild, on Keras 3, every example of the classic "
        "section on the functional API; each page below is a lesson executed as it "
        f"stands, outputs and diagrams included. {len(course.exercises)} exercises in "
        f"{len(course.assignments)} nbgrader assignments practise them. "
        f"The lessons take about **{duration(course.minutes)}** in all "
        "(each lesson states its own estimate).",
        "",
        "## Lessons",
        "",
        "| Lesson | What it covers | Time | Exercises |",
        "| --- | --- | --- | --- |",
    ]
    for lesson in course.lessons:
        practised = ", ".join(_exercise_link(e.id) for e in course.practised_in(lesson)) or "—"
        covers = _cell(lesson.description[:1].upper() + lesson.description[1:])
        lines.append(
            f"| {_lesson_link(lesson)} | {covers} | {duration(lesson.minutes)} | {practised} |"
        )
    lines.append(f"| **All lessons** | | **{duration(course.minutes)}** | |")
    lines += [
        "",
        "## Assignments",
        "",
        "| Assignment | Exercises | Lessons |",
        "| --- | --- | --- |",
    ]
    for assignment in course.assignments:
        taught = dict.fromkeys(name for names in assignment.taught_in.values() for name in names)
        lines.append(
            f"| {_assignment_link(assignment.name)}: {_cell(assignment.title)} "
            f"| {', '.join(_exercise_link(e) for e in assignment.exercises)} "
            f"| {', '.join(f'[{lessons[n].number}]({n}.ipynb)' for n in taught) or '—'} |"
        )
    lines += [
        "",
        "## Reference",
        "",
        "- [Exercise index](exercises.md): every exercise with its signature, the "
        "assignment that grades it, the lesson that teaches it and its hints.",
        "- [Errata](errata.md): the source text's mistakes, kept apart from the Keras 3 "
        "behaviours and Keras 2 habits a learner meets.",
        "",
        "To run a lesson yourself, open its source `notebooks/NN_slug.py` in JupyterLab: "
        "jupytext opens it as a notebook (see the README's section for students).",
        "",
        _toctree("Lessons", [lesson.name for lesson in course.lessons]),
        "",
        _toctree("Reference", ["exercises", "errata"]),
        "",
    ]
    return "\n".join(lines)


def exercises_page(course: course_map.CourseMap) -> str:
    """The exercise index, as MyST Markdown: the assignments, then one section per
    exercise with its hints folded."""
    lessons = {lesson.name: lesson for lesson in course.lessons}
    titles = {assignment.name: assignment.title for assignment in course.assignments}
    lines = [
        "# Exercise index",
        "",
        "Every exercise of the kit, in teaching order. Each is a function to write in "
        "an nbgrader assignment; the grader checks what the model computes and how its "
        "graph is wired. Working alone, `make selfstudy` writes the same assignments as "
        "self-study notebooks, where `ex.<id>.check(function)` runs every check of the "
        "grader and `ex.<id>.hint()` gives the hints below; from a terminal, "
        "`python -m autograder check <id> answer.py` checks a file.",
        "",
        "| Exercise | Assignment | Lesson |",
        "| --- | --- | --- |",
    ]
    for entry in course.exercises:
        lines.append(
            f"| {_exercise_link(entry.id)} | {', '.join(f'`{a}`' for a in entry.assignments)} "
            f"| {', '.join(_lesson_link(lessons[n]) for n in entry.lessons) or '—'} |"
        )
    lines += ["", "## Assignments"]
    for assignment in course.assignments:
        taught = dict.fromkeys(name for names in assignment.taught_in.values() for name in names)
        lines += [
            "",
            f"(assignment-{assignment.name})=",
            f"### `{assignment.name}`: {assignment.title}",
            "",
            f"- Exercises: {', '.join(_exercise_link(e) for e in assignment.exercises)}",
            f"- Lessons: {', '.join(_lesson_link(lessons[n]) for n in taught) or '—'}",
            f"- Template: `course/assignments/{assignment.name}.py` (`make course`, "
            "`make selfstudy`)",
        ]
    lines += ["", "## Exercises"]
    for entry in course.exercises:
        graded = ", ".join(f"{_assignment_link(a)} ({_cell(titles[a])})" for a in entry.assignments)
        taught = ", ".join(_lesson_link(lessons[n]) for n in entry.lessons) or "—"
        lines += [
            "",
            f"(ex-{entry.id})=",
            f"### `{entry.id}`",
            "",
            f"`{entry.signature}`",
            "",
            f"- Graded in: {graded}",
            f"- Taught in: {taught}",
            f"- Hints, from a nudge to the key line (`ex.{entry.id}.hint()`):",
        ]
        for level, hint in enumerate(entry.hints, start=1):
            lines += ["", f":::{{admonition}} Hint {level}", ":class: dropdown", "", hint, ":::"]
    lines.append("")
    return "\n".join(lines)


def _write_if_changed(path: pathlib.Path, data: bytes) -> None:
    """Writes `data` unless `path` already holds it (Sphinx re-reads only changed sources)."""
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def executed_notebook(lesson: pathlib.Path, executed: pathlib.Path) -> bytes:
    """The executed notebook of `lesson`, once it is known to be current and clean.

    Args:
        lesson: The lesson's source `notebooks/NN_slug.py`.
        executed: The folder where `tools/run_lessons.py` wrote `NN_slug.ipynb`.

    Returns:
        The notebook file's bytes.

    Raises:
        BookError: If the notebook is missing, was executed from another
            version of the source, or has a cell with an error output.
    """
    path = executed / f"{lesson.stem}.ipynb"
    rerun = f"Run `make book` (or `tools/run_lessons.py {lesson.relative_to(ROOT)}`)."
    if not path.is_file():
        raise BookError(f"Expected the executed lesson {path.name} in {executed.name}/. {rerun}")
    data = path.read_bytes()
    notebook = nbformat.reads(data.decode("utf-8"), as_version=4)
    source = [cell.source for cell in jupytext.read(lesson).cells]
    if [cell.source for cell in notebook.cells] != source:
        raise BookError(f"{path.name} was executed from another version of {lesson.name}. {rerun}")
    errors = cell_errors(notebook)
    if errors:
        raise BookError(f"{path.name} has cells with errors: {errors}. {rerun}")
    return data


def stage(executed: pathlib.Path, source: pathlib.Path, course: course_map.CourseMap) -> list[str]:
    """Writes the book's sources into `source`; returns the documents in reading order.

    Raises:
        BookError: As `executed_notebook`.
    """
    source.mkdir(parents=True, exist_ok=True)
    files = {
        "index.md": index_page(course).encode("utf-8"),
        "exercises.md": exercises_page(course).encode("utf-8"),
        "errata.md": ERRATA.read_bytes(),
    }
    lessons = [NOTEBOOKS / f"{lesson.name}.py" for lesson in course.lessons]
    for lesson in lessons:
        files[f"{lesson.stem}.ipynb"] = executed_notebook(lesson, executed)
    for stale in source.iterdir():  # e.g. a lesson renamed since the last build
        if stale.is_dir():
            shutil.rmtree(stale)
        elif stale.name not in files:
            stale.unlink()
    for name, data in files.items():
        _write_if_changed(source / name, data)
    return ["index", *(lesson.stem for lesson in lessons), "exercises", "errata"]


def build(
    executed: pathlib.Path | str = DEFAULT_EXECUTED,
    out: pathlib.Path | str = DEFAULT_OUT,
    lessons: list[pathlib.Path] | None = None,
) -> Book:
    """Builds the book from executed lessons, without executing anything.

    Args:
        executed: The folder of the executed lessons `NN_slug.ipynb`
            (`tools/run_lessons.py --out`). Defaults to `build/lessons/`.
        out: Where `source/`, `html/` and Sphinx's cache go. Defaults to
            `build/book/`.
        lessons: The lesson sources. Defaults to every `notebooks/NN_slug.py`.

    Returns:
        The `Book`.

    Raises:
        BookError: If a lesson's executed notebook is missing, stale or has
            errors, or if Sphinx warned (every warning is in the message).
        ValueError: If a lesson or an assignment lacks what the course map
            reads (`tools/course_map.py`).
    """
    from sphinx.application import Sphinx

    start = time.perf_counter()
    executed, out = pathlib.Path(executed), pathlib.Path(out)
    course = course_map.read(lessons if lessons is not None else lesson_paths())
    pages = stage(executed, out / "source", course)
    # What the sources' links to kit files (lessons, assignment templates) stand for.
    notebooks, templates = (p.relative_to(ROOT).as_posix() for p in (NOTEBOOKS, TEMPLATES))
    source_pages = {f"{notebooks}/{lesson.name}.py": lesson.name for lesson in course.lessons}
    for assignment in course.assignments:
        source_pages[f"{templates}/{assignment.name}.py"] = (
            f"exercises#assignment-{assignment.name}"
        )
    warnings = io.StringIO()
    app = Sphinx(
        out / "source",
        confdir=None,
        outdir=out / "html",
        doctreedir=out / "doctrees",
        buildername="html",
        confoverrides=CONFIG | {"book_source_dir": notebooks, "book_source_pages": source_pages},
        status=io.StringIO(),
        warning=warnings,
    )
    app.build()
    if warnings.getvalue().strip():
        shutil.rmtree(out / "doctrees")  # so that the next build reads every page again
        plain = re.sub(r"\x1b\[[0-9;]*m", "", warnings.getvalue())  # no terminal colours
        raise BookError("Sphinx warned while building the book:\n" + plain)
    return Book(out / "html", pages, time.perf_counter() - start)


def main(argv: list[str] | None = None) -> int:
    """Command line over `build`.

    Args:
        argv: Arguments without the program name. Defaults to `sys.argv[1:]`.

    Returns:
        The exit status: 0 when the book was built, 1 otherwise (the reason
        goes to stderr).
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "executed",
        nargs="?",
        type=pathlib.Path,
        default=DEFAULT_EXECUTED,
        help="folder of the executed lessons (build/lessons)",
    )
    parser.add_argument("--out", type=pathlib.Path, default=DEFAULT_OUT, help="build/book")
    args = parser.parse_args(argv)
    try:
        book = build(args.executed, args.out)
    except (BookError, ValueError) as error:
        print(f"book: {error}", file=sys.stderr)
        return 1
    index = book.index.resolve()
    shown = index.relative_to(ROOT) if index.is_relative_to(ROOT) else index.name
    print(f"book: {shown} ({len(book.pages)} pages, {book.seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
