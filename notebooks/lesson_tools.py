"""Small helpers the lessons share: drawing a model, and the self-check.

`show_model(model, "qa_model")` writes `figures/qa_model.png` with
`keras.utils.plot_model(show_shapes=True)` and shows it in the notebook. The
PNG carries a digest of the model's config in its metadata, so the test
suite can tell a stale figure from a fresh one without comparing pixels.
Where Graphviz's `dot` program is missing (a hosted JupyterHub, say), the
committed figure is shown with a note on how to install Graphviz.

`self_check("01_sequential_vs_functional")` reads the lesson's questions from
`notebooks/self_check/<lesson>.toml` and shows them as plain HTML: each choice
is a `<details>` block whose feedback (right or wrong, and why) opens when
the reader clicks it, in JupyterLab and in a static HTML page alike, with no
widgets. `answer(quiz[2], "b")` prints the same feedback from code. The
answers live in the TOML file, not in the lesson, so a reader does not see
them before choosing.
"""

import dataclasses
import hashlib
import html
import json
import os
import pathlib
import re
import shutil
import tomllib

FIGURES = pathlib.Path(
    os.environ.get("KIT_FIGURES_DIR", pathlib.Path(__file__).resolve().parent.parent / "figures")
)
COMMITTED = pathlib.Path(__file__).resolve().parent.parent / "figures"
SELF_CHECKS = pathlib.Path(__file__).resolve().parent / "self_check"
DIGEST_KEY = "model-config-sha256"
INSTALL_GRAPHVIZ = (
    "Graphviz's `dot` program is not installed, so this is the committed diagram. "
    "Install it with `sudo apt-get install graphviz` (Debian/Ubuntu), "
    "`conda install -c conda-forge graphviz`, or `brew install graphviz`."
)


def config_digest(model) -> str:
    """SHA-256 of the model's config (layers, wiring, sizes), as hex."""
    config = json.dumps(model.get_config(), sort_keys=True, default=str)
    return hashlib.sha256(config.encode()).hexdigest()


def show_model(model, name: str, **plot_kwargs):
    """Draws `model` into `figures/<name>.png` and displays it.

    Args:
        model: A built `keras.Model`.
        name: File name without extension, e.g. `"qa_model"`.
        **plot_kwargs: Passed on to `keras.utils.plot_model`
            (`show_shapes=True` and `show_layer_names=True` by default).

    Returns:
        An `IPython.display.Image` of the diagram (shown when it is the last
        expression of a cell).
    """
    from IPython.display import Image, Markdown, display
    from PIL import Image as PILImage
    from PIL.PngImagePlugin import PngInfo

    import keras

    path = FIGURES / f"{name}.png"
    if shutil.which("dot") is None:
        display(Markdown(INSTALL_GRAPHVIZ))
        return Image(filename=str(COMMITTED / f"{name}.png"))
    FIGURES.mkdir(parents=True, exist_ok=True)
    options = {"show_shapes": True, "show_layer_names": True, "dpi": 72}
    options.update(plot_kwargs)
    keras.utils.plot_model(model, to_file=str(path), **options)
    with PILImage.open(path) as image:
        image.load()
        info = PngInfo()
        info.add_text(DIGEST_KEY, config_digest(model))
        image.save(path, pnginfo=info)
    return Image(filename=str(path))


# --- self-check ---------------------------------------------------------------

LETTERS = "abcde"
QUESTIONS_PER_QUIZ = range(3, 6)
CHOICES_PER_QUESTION = range(2, len(LETTERS) + 1)


def _inline_html(text: str) -> str:
    """Escapes `text` for HTML and turns `code` spans into `<code>` elements."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", html.escape(" ".join(text.split())))


@dataclasses.dataclass(frozen=True)
class Choice:
    """One possible answer to a question.

    Attributes:
        text: The answer as the reader sees it (`code` in backticks).
        correct: Whether this is the right answer.
        why: Why it is right or wrong, shown once the reader picks it.
    """

    text: str
    correct: bool
    why: str


@dataclasses.dataclass(frozen=True)
class Question:
    """A multiple-choice question with one right answer.

    Attributes:
        number: Its number in the quiz, from 1.
        prompt: The question (`code` in backticks).
        choices: The choices, lettered `a`, `b`, ... in this order.
    """

    number: int
    prompt: str
    choices: tuple[Choice, ...]

    def feedback(self, letter: str) -> tuple[bool, str]:
        """Whether `letter` is the right choice, and the sentence that says why.

        Args:
            letter: A choice's letter, `"a"` to `"e"` (case and spaces ignored).

        Returns:
            `(correct, message)`.

        Raises:
            ValueError: If `letter` names no choice of this question.
        """
        letters = LETTERS[: len(self.choices)]
        key = str(letter).strip().lower()
        if len(key) != 1 or key not in letters:
            raise ValueError(
                f"Question {self.number} has choices {', '.join(letters)}. "
                f"Received: {letter!r}. Write one of these letters."
            )
        choice = self.choices[letters.index(key)]
        verdict = "Right" if choice.correct else "Not quite"
        return choice.correct, f"{verdict}: ({key}) {choice.text}. {choice.why}"

    def _repr_html_(self) -> str:
        items = [f"<p><b>{self.number}.</b> {_inline_html(self.prompt)}</p>"]
        for letter, choice in zip(LETTERS, self.choices, strict=False):
            verdict = "&#10004; Right." if choice.correct else "&#10008; Not quite."
            items.append(
                f"<details><summary>({letter}) {_inline_html(choice.text)}</summary>"
                f"<p>{verdict} {_inline_html(choice.why)}</p></details>"
            )
        return '<div style="margin-bottom: 1em">' + "\n".join(items) + "</div>"

    def __str__(self) -> str:
        lines = [f"{self.number}. {self.prompt}"]
        lines += [f"   ({a}) {c.text}" for a, c in zip(LETTERS, self.choices, strict=False)]
        return "\n".join(lines)


@dataclasses.dataclass(frozen=True)
class Quiz:
    """A lesson's self-check: a few questions, answers hidden until chosen.

    Shown as HTML (each choice opens its feedback when clicked) or as plain
    text without the answers. `quiz[n]` is question `n`, from 1.

    Attributes:
        lesson: The lesson's file stem, e.g. `"01_sequential_vs_functional"`.
        questions: The questions in order.
    """

    lesson: str
    questions: tuple[Question, ...]

    def __getitem__(self, number: int) -> Question:
        if not 1 <= number <= len(self.questions):
            raise IndexError(
                f"The self-check has questions 1 to {len(self.questions)}. Received: {number}."
            )
        return self.questions[number - 1]

    def __len__(self) -> int:
        return len(self.questions)

    def _repr_html_(self) -> str:
        body = "\n".join(question._repr_html_() for question in self.questions)
        return f'<div class="self-check">\n{body}\n</div>'

    def __repr__(self) -> str:
        body = "\n\n".join(str(question) for question in self.questions)
        return f'{body}\n\nCheck a choice with answer(quiz[1], "b").'


def answer(question: Question, choice: str) -> bool:
    """Prints whether `choice` answers `question` rightly, and why.

    Args:
        question: A question of a `Quiz`, e.g. `quiz[2]`.
        choice: The letter of the chosen answer, e.g. `"b"`.

    Returns:
        `True` if the choice is right, else `False`.

    Raises:
        ValueError: If `choice` is not a letter of the question's choices.
    """
    correct, message = question.feedback(choice)
    print(message)
    return correct


def parse_quiz(lesson: str, data: dict) -> Quiz:
    """Builds a `Quiz` from the parsed TOML of a self-check, checking its shape.

    The TOML has one `[[question]]` table per question, with a `prompt` and
    an array of `[[question.choice]]` tables, each with `text`, `why` and,
    for exactly one of them, `correct = true`.

    Args:
        lesson: The lesson's file stem, used in messages.
        data: The parsed TOML document.

    Returns:
        The `Quiz`.

    Raises:
        ValueError: If the quiz does not have 3 to 5 questions, a question
            does not have 2 to 5 choices with exactly one correct, or a
            prompt, text or why is empty.
    """
    raw_questions = data.get("question", [])
    if len(raw_questions) not in QUESTIONS_PER_QUIZ:
        raise ValueError(
            f"{lesson}: a self-check has 3 to 5 questions. Received: {len(raw_questions)}."
        )
    questions = []
    for number, raw in enumerate(raw_questions, start=1):
        where = f"{lesson}, question {number}"
        choices = tuple(
            Choice(str(c.get("text", "")), c.get("correct", False) is True, str(c.get("why", "")))
            for c in raw.get("choice", [])
        )
        if len(choices) not in CHOICES_PER_QUESTION:
            raise ValueError(f"{where}: expected 2 to 5 choices. Received: {len(choices)}.")
        right = sum(choice.correct for choice in choices)
        if right != 1:
            raise ValueError(f"{where}: expected exactly one correct choice. Received: {right}.")
        prompt = str(raw.get("prompt", "")).strip()
        if not prompt or not all(choice.text.strip() and choice.why.strip() for choice in choices):
            raise ValueError(f"{where}: the prompt and every choice's text and why must be set.")
        questions.append(Question(number, prompt, choices))
    return Quiz(lesson, tuple(questions))


def self_check(lesson: str) -> Quiz:
    """Loads a lesson's self-check from `notebooks/self_check/<lesson>.toml`.

    Args:
        lesson: The lesson's file stem, e.g. `"01_sequential_vs_functional"`.

    Returns:
        The `Quiz`; as the last expression of a cell it shows as HTML.

    Raises:
        FileNotFoundError: If the lesson has no self-check file.
        ValueError: If the file's questions are malformed (see `parse_quiz`).
    """
    path = SELF_CHECKS / f"{lesson}.toml"
    with open(path, "rb") as handle:
        return parse_quiz(lesson, tomllib.load(handle))
