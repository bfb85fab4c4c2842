"""The course map (`tools/course_map.py`) and the book's generated pages (`tools/build_book.py`).

No lesson runs here: the sources are read, and the course map and exercise
index are rendered as Markdown.
"""

from __future__ import annotations

import io
import re

import pytest

from autograder import exercises
from tools import build_book, course_map
from tools.run_lessons import lesson_paths

LESSON = """\
# %% [markdown]
# # Lesson 9 — A title
#
# **Description:** what it covers,
# on two lines.
# **Estimated time:** 35 min

# %% [markdown]
# **Estimated time:** 99 min (a later cell, not the header's)

# %%
x = 1
"""

ASSIGNMENT = """\
# %% [markdown] tags=["locked"]
# # Assignment 9 — Two exercises
#
# Lessons 1 and 2 (`notebooks/01_one.py`, `notebooks/02_two.py`) teach it.

# %% [markdown] tags=["locked"]
# ## Exercise 1
#
# No lesson named here.

# %% tags=["answer:qa_model"]
# solution: qa_model

# %% [markdown] tags=["locked"]
# ## Exercise 2
#
# Lesson 2 (`notebooks/02_two.py`) builds it.

# %% tags=["answer:siamese"]
# solution: siamese

# %% tags=["tests:siamese:structure:1"]
check("siamese", "visible")
"""


@pytest.fixture(scope="module")
def course() -> course_map.CourseMap:
    return course_map.read()


def test_a_lesson_header_gives_title_description_and_time(tmp_path):
    path = tmp_path / "09_a_title.py"
    path.write_text(LESSON, encoding="utf-8")
    lesson = course_map.read_lesson(path)
    assert lesson == course_map.Lesson(
        name="09_a_title",
        number=9,
        title="A title",
        description="what it covers, on two lines.",
        minutes=35,
    )


def test_a_lesson_without_its_time_is_refused_with_the_line_expected(tmp_path):
    path = tmp_path / "09_a_title.py"
    path.write_text(re.sub(r"# \*\*Estimated time:\*\* 35 min\n", "", LESSON), encoding="utf-8")
    path.write_text(path.read_text().replace("# **Estimated time:** 99", "# 99"), encoding="utf-8")
    with pytest.raises(ValueError, match=re.escape("'**Estimated time:** N min'")):
        course_map.read_lesson(path)


def test_an_exercise_is_taught_by_the_lessons_its_section_names_else_the_introductions(tmp_path):
    path = tmp_path / "functional_api_9.py"
    path.write_text(ASSIGNMENT, encoding="utf-8")
    assignment = course_map.read_assignment(path)
    assert assignment.title == "Assignment 9 — Two exercises"
    assert assignment.exercises == ("qa_model", "siamese")
    assert assignment.taught_in == {"qa_model": ("01_one", "02_two"), "siamese": ("02_two",)}


def test_every_lesson_states_title_description_and_estimated_time(course):
    assert [lesson.name for lesson in course.lessons] == [p.stem for p in lesson_paths()]
    assert [lesson.number for lesson in course.lessons] == list(range(1, len(course.lessons) + 1))
    assert all(lesson.minutes > 0 for lesson in course.lessons)


def test_every_exercise_has_an_assignment_and_a_lesson(course):
    assert [entry.id for entry in course.exercises] == list(exercises.IDS)
    for entry in course.exercises:
        assert entry.assignments, f"{entry.id}: expected an assignment. Received none."
        assert entry.lessons, (
            f"{entry.id}: expected the lesson that teaches it, named as "
            f"`notebooks/NN_slug.py` in its assignment ({entry.assignments}). Received none."
        )
        assert entry.hints == exercises.get(entry.id).hints


@pytest.mark.parametrize(
    ("minutes", "said"), [(45, "45 min"), (60, "1 h"), (245, "4 h 5 min"), (0, "0 min")]
)
def test_duration(minutes, said):
    assert build_book.duration(minutes) == said


def test_the_course_map_shows_each_lesson_its_time_and_the_total(course):
    page = build_book.index_page(course)
    for lesson in course.lessons:
        row = next(line for line in page.splitlines() if f"]({lesson.name}.ipynb)" in line)
        assert f"| {build_book.duration(lesson.minutes)} |" in row, row
        for entry in course.practised_in(lesson):
            assert f"(exercises.md#ex-{entry.id})" in row, row
    assert f"**{build_book.duration(course.minutes)}**" in page
    assert "exercises.md" in page and "errata.md" in page


def test_the_exercise_index_has_each_exercise_its_assignment_lesson_and_hints(course):
    page = build_book.exercises_page(course)
    for entry in course.exercises:
        section = page.split(f"(ex-{entry.id})=\n", 1)[1].split("\n(ex-", 1)[0]
        assert f"`{entry.signature}`" in section
        assert all(f"`{name}`" in section for name in entry.assignments)
        assert all(f"]({name}.ipynb)" in section for name in entry.lessons)
        assert f"ex.{entry.id}.hint()" in section
        for level, hint in enumerate(entry.hints, start=1):
            assert f"Hint {level}\n:class: dropdown\n\n{hint}\n:::" in section


def test_links_to_kit_files_reach_the_pages_made_from_them(tmp_path):
    from sphinx.application import Sphinx

    source = tmp_path / "source"
    source.mkdir()
    (source / "index.md").write_text(
        "# Index\n\n[Lesson 2](02_two.py), [again](02_two.py#a-section), "
        "[assignment](../course/assignments/functional_api_1.py)\n\n"
        "```{toctree}\n02_two\n```\n",
        encoding="utf-8",
    )
    (source / "02_two.md").write_text(
        "# Two\n\n(assignment-functional_api_1)=\n## A section\n", encoding="utf-8"
    )
    warnings = io.StringIO()
    app = Sphinx(
        source,
        confdir=None,
        outdir=tmp_path / "html",
        doctreedir=tmp_path / "doctrees",
        buildername="html",
        confoverrides={
            "extensions": ["myst_parser", "tools.book_links"],
            "myst_heading_anchors": 2,
            "book_source_dir": "notebooks",
            "book_source_pages": {
                "notebooks/02_two.py": "02_two",
                "course/assignments/functional_api_1.py": "02_two#assignment-functional_api_1",
            },
        },
        status=io.StringIO(),
        warning=warnings,
    )
    app.build()
    assert not warnings.getvalue(), warnings.getvalue()
    html = (tmp_path / "html" / "index.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a class="reference internal" href="([^"]+)"', html)
    assert hrefs[:3] == [
        "02_two.html",
        "02_two.html#a-section",
        "02_two.html#assignment-functional-api-1",
    ]
