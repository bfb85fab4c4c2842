"""A lesson's estimated time: its words at a reading rate, plus its run time.

Every lesson states, under its description, one line of this form:

```
**Estimated time:** 25 min (about 22 min to read the text, the code and the
self-check: 3,300 words at 150 a minute; 2 min to run every cell, measured
on a shared two-core machine).
```

(`tools/course_map.py` reads the leading `N min` for the book's course map.)

The words are the `\\w+` tokens of the lesson's cells (prose and code) and
of its self-check (`notebooks/self_check/<lesson>.toml`: questions, choices
and their explanations); 150 words a minute is a slow, technical reading
pace. The run time is measured with `tools/run_lessons.py` or
`benchmarks/lesson_times.py`, which prints the estimate beside the stated
one. `tests/unit/test_active_lessons.py` checks that the stated words and
reading minutes still match the lesson.
"""

from __future__ import annotations

import math
import pathlib
import re
import tomllib

WORDS_PER_MINUTE = 150
WORD = re.compile(r"\w+")
STATED = re.compile(
    r"\*\*Estimated time:\*\*\s+(?P<total>\d+) min \(about (?P<reading>\d+) min to read"
    r".*?(?P<words>[\d,]+) words at (?P<rate>\d+) a minute;\s+(?P<running>\d+) min\s+to run",
    re.DOTALL,
)


def _strings(value) -> list[str]:
    """Every string inside a parsed TOML value, depth first."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [text for item in value for text in _strings(item)]
    return []


def lesson_words(lesson: pathlib.Path | str) -> int:
    """Counts the words a reader reads in a lesson and its self-check.

    Args:
        lesson: Path of the lesson's `.py` source (jupytext percent format).

    Returns:
        The number of `\\w+` tokens in its cells and in the strings of
        `self_check/<lesson stem>.toml` beside it (0 for a missing file).
    """
    import jupytext

    lesson = pathlib.Path(lesson)
    texts = [cell.source for cell in jupytext.read(lesson).cells]
    quiz = lesson.parent / "self_check" / f"{lesson.stem}.toml"
    if quiz.exists():
        texts += _strings(tomllib.loads(quiz.read_text(encoding="utf-8")))
    return sum(len(WORD.findall(text)) for text in texts)


def reading_minutes(words: int) -> int:
    """Minutes to read `words` at `WORDS_PER_MINUTE`, rounded, at least 1."""
    return max(1, round(words / WORDS_PER_MINUTE))


def total_minutes(reading: int, running: int) -> int:
    """Reading plus run time, rounded up to a multiple of 5 minutes."""
    return 5 * math.ceil((reading + running) / 5)


def stated_time(text: str) -> dict[str, int] | None:
    """The estimate a lesson states, or `None` if it states none.

    Args:
        text: The lesson's source: a jupytext `.py` file (markdown lines start
            with `# `) or the markdown itself.

    Returns:
        A dict of ints: `total`, `reading` and `running` minutes, `words`
        and `rate` (words a minute).
    """
    match = STATED.search(re.sub(r"^# ?", "", text, flags=re.MULTILINE))
    if match is None:
        return None
    return {key: int(value.replace(",", "")) for key, value in match.groupdict().items()}
