"""The book (`make book`, `tools/build_book.py`), built from the session's executed lessons.

The `book` fixture (`tests/conftest.py`) builds it once per session from the
notebooks that `tests/test_lessons.py` executes (`lesson_runs`): no lesson
runs twice. These tests read the built HTML: every page is there, no internal
link is broken (every `href` and `src`, anchors included), links between
lessons reach lesson pages, previous/next follow the course order, and every
lesson page shows its outputs and figures.

```
.venv/bin/python -m pytest -n 0 tests/test_book.py    # executes every lesson first
```
"""

from __future__ import annotations

import functools
import pathlib
import re
import urllib.parse

import jupytext
import nbformat
import pytest
from bs4 import BeautifulSoup

from tests.conftest import ROOT
from tools import course_map
from tools.build_book import duration
from tools.run_lessons import lesson_paths

pytestmark = pytest.mark.lessons
LESSONS = lesson_paths()
#: A link in a lesson's Markdown to another lesson's source, as JupyterLab opens it.
LESSON_LINK = re.compile(r"\]\((\d\d_\w+)\.py(?:#[^)]*)?\)")
EXTERNAL = ("http:", "https:", "mailto:", "data:", "javascript:", "//")
#: The pages whose sources link to lessons: the lessons and the errata.
SOURCES = {path.stem: path for path in LESSONS} | {"errata": ROOT / "notebooks" / "errata.md"}


@functools.cache
def _soup(path: pathlib.Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def _article(book, name: str) -> BeautifulSoup:
    """The main content of page `name` (without the navigation bars)."""
    article = _soup(book.html / f"{name}.html").find("article")
    assert article is not None, f"{name}.html: expected an <article>. Received none."
    return article


def _target(href: str) -> str:
    """The page an internal `href` points at, without its anchor."""
    return urllib.parse.urlsplit(href).path


def test_the_book_has_every_page_in_reading_order(book):
    expected = ["index", *(lesson.stem for lesson in LESSONS), "exercises", "errata"]
    assert book.pages == expected
    missing = [name for name in expected if not (book.html / f"{name}.html").is_file()]
    assert not missing, f"Expected a page for each document. Received none for {missing}."
    print(f"book build (staging and Sphinx, no execution): {book.seconds:.1f} s")


def test_no_internal_link_is_broken(book):
    pages = sorted(book.html.glob("*.html"))  # _static/ holds theme templates, not pages
    broken, checked = [], 0
    for page in pages:
        for element in _soup(page).find_all(href=True) + _soup(page).find_all(src=True):
            link = element.get("href") or element.get("src")
            if link.startswith(EXTERNAL):
                continue
            parts = urllib.parse.urlsplit(link)
            target = (page.parent / urllib.parse.unquote(parts.path)) if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            checked += 1
            where = f"{page.relative_to(book.html)}: {link!r}"
            if not target.is_file():
                broken.append(f"{where} (no such file)")
            elif parts.fragment and target.suffix == ".html":
                soup = _soup(target.resolve())
                fragment = urllib.parse.unquote(parts.fragment)
                if soup.find(id=fragment) is None and soup.find(attrs={"name": fragment}) is None:
                    broken.append(f"{where} (no element with id {fragment!r})")
    assert checked > 100, f"Expected the book's links to be checked. Received {checked}."
    assert not broken, f"{len(broken)} broken internal link(s) of {checked}:\n" + "\n".join(broken)


def test_the_book_loads_nothing_from_outside(book):
    outside = [
        f"{page.relative_to(book.html)}: {element.name} {element.get('src') or element.get('href')}"
        for page in sorted(book.html.glob("*.html"))
        for element in _soup(page).find_all(["script", "img", "link", "iframe"])
        if element.name != "link" or "stylesheet" in (element.get("rel") or [])
        if (element.get("src") or element.get("href") or "").startswith(EXTERNAL[:2] + ("//",))
    ]
    assert not outside, "Expected a book that works offline. Received:\n" + "\n".join(outside)


@pytest.mark.parametrize("name", list(SOURCES))
def test_links_to_lesson_sources_reach_lesson_pages(book, name):
    expected = LESSON_LINK.findall(SOURCES[name].read_text(encoding="utf-8"))
    article = _article(book, name)
    raw = [
        a["href"] for a in article.find_all("a", href=True) if _target(a["href"]).endswith(".py")
    ]
    assert not raw, f"{name}: links left to .py sources (expected lesson pages): {raw}"
    reached = [
        _target(a["href"]).removesuffix(".html")
        for a in article.find_all("a", href=True)
        if _target(a["href"]).removesuffix(".html") in {p.stem for p in LESSONS}
    ]
    for lesson in set(expected):
        assert reached.count(lesson) >= expected.count(lesson), (
            f"{name}: expected {expected.count(lesson)} link(s) to {lesson}.html from its "
            f"`{lesson}.py` links. Received {reached.count(lesson)}."
        )


def test_previous_and_next_follow_the_course_order(book):
    for before, page, after in zip(
        [None, *book.pages[:-1]], book.pages, [*book.pages[1:], None], strict=True
    ):
        soup = _soup(book.html / f"{page}.html")
        for css, expected in (("a.left-prev", before), ("a.right-next", after)):
            link = soup.select_one(css)
            received = _target(link["href"]).removesuffix(".html") if link else None
            assert received == expected, (
                f"{page}.html: expected {css} to lead to {expected}. Received {received}."
            )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_each_lesson_page_shows_its_outputs_and_figures(book, lesson_runs, lesson):
    notebook = nbformat.read(lesson_runs.executed / f"{lesson.stem}.ipynb", as_version=4)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    with_output = [cell for cell in code if cell.outputs]
    images = [
        output for cell in code for output in cell.outputs if "image/png" in output.get("data", {})
    ]
    article = _article(book, lesson.stem)
    assert len(article.select("div.cell")) == len(code)
    assert len(article.select("div.cell_output")) == len(with_output), (
        f"{lesson.stem}: expected an output area for each of the {len(with_output)} code "
        "cells with outputs."
    )
    shown = article.select("div.cell_output img")
    assert len(shown) == len(images), (
        f"{lesson.stem}: expected the {len(images)} figures of the executed notebook. "
        f"Received {len(shown)} images."
    )
    for image in shown:
        assert (book.html / lesson.stem).parent.joinpath(image["src"]).is_file(), image["src"]
    assert len(jupytext.read(lesson).cells) == len(notebook.cells)


def test_the_course_map_shows_each_lesson_with_its_time(book):
    course = course_map.read()
    article = _article(book, "index")
    rows = article.select("table")[0].select("tbody tr")
    assert len(rows) == len(course.lessons) + 1  # and the total
    for lesson, row in zip(course.lessons, rows, strict=False):
        cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
        link = row.select_one("a")
        assert _target(link["href"]) == f"{lesson.name}.html"
        assert cells[2] == duration(lesson.minutes), cells
    assert duration(course.minutes) in rows[-1].get_text()


def test_the_exercise_index_links_each_exercise_to_its_lessons_and_hints(book):
    course = course_map.read()
    article = _article(book, "exercises")
    for entry in course.exercises:
        section = article.find(id=f"ex-{entry.id.replace('_', '-')}")
        assert section is not None, f"exercises.html: expected a section for {entry.id}."
        targets = {_target(a["href"]) for a in section.find_all("a", href=True)}
        assert {f"{name}.html" for name in entry.lessons} <= targets
        text = section.get_text(" ")
        assert all(name in text for name in entry.assignments)
        assert len(section.select(".admonition.dropdown")) == len(entry.hints)
