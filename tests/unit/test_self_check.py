"""The lessons' self-check helper (`notebooks/lesson_tools.py`): parsing, HTML, feedback."""

from __future__ import annotations

import html.parser
import importlib.util
import tomllib

import pytest

from tests.conftest import ROOT


def _lesson_tools():
    """`notebooks/lesson_tools.py`, loaded without putting notebooks/ on sys.path."""
    spec = importlib.util.spec_from_file_location(
        "lesson_tools", ROOT / "notebooks/lesson_tools.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


tools = _lesson_tools()

QUIZ = """
[[question]]
prompt = "How many parameters has `Dense(16)` on 40 features?"
[[question.choice]]
text = "640"
why = "The kernel alone; 16 biases are missing."
[[question.choice]]
text = "656"
correct = true
why = "40 · 16 + 16."

[[question]]
prompt = "Which is <not> a layer?"
[[question.choice]]
text = "`keras.ops.add`"
correct = true
why = "An operation node."
[[question.choice]]
text = "`layers.Add()`"
why = "A layer class."

[[question]]
prompt = "Third?"
[[question.choice]]
text = "yes"
correct = true
why = "Because."
[[question.choice]]
text = "no"
why = "Not so."
"""


def quiz(text: str = QUIZ):
    return tools.parse_quiz("00_test", tomllib.loads(text))


class VisibleText(html.parser.HTMLParser):
    """Collects the text a browser shows before any `<details>` is opened."""

    def __init__(self):
        super().__init__()
        self.depth = 0  # inside a <details>, outside its <summary>
        self.in_summary = False
        self.visible: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "details":
            self.depth += 1
        elif tag == "summary":
            self.in_summary = True

    def handle_endtag(self, tag):
        if tag == "details":
            self.depth -= 1
        elif tag == "summary":
            self.in_summary = False

    def handle_data(self, data):
        if self.depth == 0 or self.in_summary:
            self.visible.append(data)


def visible_text(markup: str) -> str:
    parser = VisibleText()
    parser.feed(markup)
    return " ".join(" ".join(parser.visible).split())


def test_parse_letters_choices_and_numbers_questions():
    q = quiz()
    assert len(q) == 3
    assert q[1].number == 1 and q[1].prompt.startswith("How many")
    assert [c.correct for c in q[1].choices] == [False, True]
    assert q[3].prompt == "Third?"


def test_html_hides_every_verdict_and_why_inside_a_closed_details():
    markup = quiz()._repr_html_()
    assert markup.count("<details>") == 6, "one <details> per choice"
    assert "<details open" not in markup, "no <details> may start open"
    shown = visible_text(markup)
    for hidden in ["Right", "Not quite", "40 · 16 + 16", "An operation node"]:
        assert hidden not in shown, f"{hidden!r} is visible before the reader clicks"
    for seen in ["1.", "(a) 640", "(b) 656", "How many parameters"]:
        assert seen in shown, f"{seen!r} should be visible: {shown}"


def test_html_escapes_text_and_renders_code_spans():
    markup = quiz()._repr_html_()
    assert "&lt;not&gt;" in markup and "<not>" not in markup
    assert "<code>Dense(16)</code>" in markup
    assert "<code>keras.ops.add</code>" in markup


def test_plain_text_shows_questions_and_choices_without_answers():
    text = repr(quiz())
    assert "(a) 640" in text and "(b) 656" in text and "Third?" in text
    assert "Right" not in text and "40 · 16 + 16" not in text
    assert 'answer(quiz[1], "b")' in text


def test_answer_prints_right_or_wrong_with_why(capsys):
    q = quiz()
    assert tools.answer(q[1], "b") is True
    assert capsys.readouterr().out.strip() == "Right: (b) 656. 40 · 16 + 16."
    assert tools.answer(q[1], " A ") is False
    out = capsys.readouterr().out
    assert out.startswith("Not quite: (a) 640.") and "16 biases are missing" in out


@pytest.mark.parametrize("choice", ["c", "?", "", "ab", 1])
def test_answer_rejects_a_letter_the_question_lacks(choice):
    with pytest.raises(ValueError, match=r"Question 1 has choices a, b\. Received: "):
        tools.answer(quiz()[1], choice)


def test_question_numbers_outside_the_quiz_raise_index_error():
    for number in [0, 4]:
        with pytest.raises(IndexError, match="questions 1 to 3"):
            quiz()[number]


def _one_question(choices: str) -> str:
    return '[[question]]\nprompt = "Q?"\n' + choices


GOOD_CHOICES = (
    '[[question.choice]]\ntext = "a"\ncorrect = true\nwhy = "w"\n'
    '[[question.choice]]\ntext = "b"\nwhy = "w"\n'
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (_one_question(GOOD_CHOICES) * 2, "3 to 5 questions. Received: 2"),
        (_one_question(GOOD_CHOICES) * 6, "3 to 5 questions. Received: 6"),
        (
            _one_question('[[question.choice]]\ntext = "a"\ncorrect = true\nwhy = "w"\n') * 3,
            "2 to 5 choices. Received: 1",
        ),
        (
            _one_question(GOOD_CHOICES)
            + _one_question(GOOD_CHOICES.replace('text = "b"\n', 'text = "b"\ncorrect = true\n'))
            + _one_question(GOOD_CHOICES),
            "question 2: expected exactly one correct choice. Received: 2",
        ),
        (
            _one_question(GOOD_CHOICES.replace("correct = true\n", "")) * 3,
            "question 1: expected exactly one correct choice. Received: 0",
        ),
        (
            _one_question(GOOD_CHOICES.replace('text = "b"\nwhy = "w"', 'text = "b"\nwhy = " "'))
            * 3,
            "text and why must be set",
        ),
        (
            _one_question(GOOD_CHOICES.replace("correct = true", 'correct = "yes"')) * 3,
            "expected exactly one correct choice. Received: 0",
        ),
    ],
)
def test_parse_rejects_malformed_quizzes(text, message):
    with pytest.raises(ValueError, match=message):
        quiz(text)


def test_every_lessons_self_check_loads():
    lessons = sorted((ROOT / "notebooks").glob("[0-9]*.py"))
    assert lessons, "Expected lessons in notebooks/."
    for lesson in lessons:
        loaded = tools.self_check(lesson.stem)
        assert 3 <= len(loaded) <= 5, f"{lesson.stem}: {len(loaded)} questions"
    orphans = {p.stem for p in tools.SELF_CHECKS.glob("*.toml")} - {p.stem for p in lessons}
    assert not orphans, f"Self-checks without a lesson: {sorted(orphans)}"
