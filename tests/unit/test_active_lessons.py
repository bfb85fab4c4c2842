"""Every lesson is active: objectives and an estimated time up front, "predict,
then run" moments, a self-check, the exercises that practise it and a link
to the next lesson. Static: reads the jupytext sources, runs nothing.
"""

from __future__ import annotations

import re

import jupytext
import pytest

from tests.conftest import ROOT
from tools.lesson_time import WORDS_PER_MINUTE, lesson_words, stated_time, total_minutes

NOTEBOOKS = ROOT / "notebooks"
LESSONS = sorted(NOTEBOOKS.glob("[0-9]*.py"))
PREDICT = "**Predict, then run.**"
ASSIGNMENT_LINK = re.compile(r"\]\(\.\./course/assignments/(functional_api_\d+)\.py\)")
# The words a lesson states may drift this far from its text before the
# estimate must be measured again.
WORDS_TOLERANCE = 0.10


def cells(lesson):
    return jupytext.read(lesson).cells


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_objectives_open_the_lesson(lesson):
    first = cells(lesson)[0].source
    assert "**Learning objectives.**" in first, (
        f"{lesson.name}: expected '**Learning objectives.**' in the first cell."
    )
    objectives = first.split("**Learning objectives.**", 1)[1]
    bullets = re.findall(r"^- \S", objectives, flags=re.MULTILINE)
    assert 3 <= len(bullets) <= 5, (
        f"{lesson.name}: expected 3 to 5 objectives as '- ' bullets. Received: {len(bullets)}."
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_estimated_time_matches_the_lesson(lesson):
    stated = stated_time(cells(lesson)[0].source)
    assert stated, f"{lesson.name}: expected an '**Estimated time:** ...' line in the first cell."
    words = lesson_words(lesson)
    assert stated["rate"] == WORDS_PER_MINUTE
    assert abs(stated["words"] - words) <= WORDS_TOLERANCE * words, (
        f"{lesson.name}: the estimate counts {stated['words']:,} words; the lesson has "
        f"{words:,}. Measure again (benchmarks/lesson_times.py) and update the line."
    )
    assert stated["reading"] == round(stated["words"] / WORDS_PER_MINUTE), (
        f"{lesson.name}: {stated['words']:,} words at {WORDS_PER_MINUTE} a minute is not "
        f"{stated['reading']} minutes."
    )
    assert stated["total"] == total_minutes(stated["reading"], stated["running"]), (
        f"{lesson.name}: {stated['reading']} + {stated['running']} minutes rounded up to 5 "
        f"is {total_minutes(stated['reading'], stated['running'])}, not {stated['total']}."
    )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_predict_then_run_moments(lesson):
    notebook = cells(lesson)
    moments = [i for i, cell in enumerate(notebook) if PREDICT in cell.source]
    assert len(moments) >= 2, (
        f"{lesson.name}: expected at least two '{PREDICT}' prompts. Received: {len(moments)}."
    )
    for i in moments:
        assert notebook[i].cell_type == "markdown", f"{lesson.name}, cell {i}: not markdown."
        assert "before running the next cell" in " ".join(notebook[i].source.lower().split()), (
            f"{lesson.name}, cell {i}: the prompt asks for the prediction 'before running the "
            "next cell' and ends its markdown cell."
        )
        assert notebook[i + 1].cell_type == "code", (
            f"{lesson.name}, cell {i}: the cell that shows the answer must follow the prompt."
        )
        assert notebook[i + 2].cell_type == "markdown", (
            f"{lesson.name}, cell {i + 2}: the reasoning (markdown) must follow the answer."
        )


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda path: path.stem)
def test_ends_with_self_check_exercises_and_next(lesson):
    notebook = cells(lesson)
    call = f'self_check("{lesson.stem}")'
    assert any(c.cell_type == "code" and call in c.source for c in notebook), (
        f"{lesson.name}: expected a code cell calling {call}."
    )
    ending = notebook[-1].source
    assert ending.startswith("## Practise it"), f"{lesson.name}: the last cell is '## Practise it'."
    assignments = ASSIGNMENT_LINK.findall(ending)
    assert assignments, f"{lesson.name}: expected a link to ../course/assignments/<id>.py."
    position = LESSONS.index(lesson)
    if position + 1 < len(LESSONS):
        following = LESSONS[position + 1].name
        assert re.search(rf"Next: \[[^\]]+\]\({re.escape(following)}\)", ending), (
            f"{lesson.name}: expected 'Next: [...]({following})' in the last cell."
        )
