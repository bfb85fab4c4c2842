"""Which hint helps after a failed check, as feedback shows it.

Every exercise has hints in levels, nudge first (`Exercise.hints`); each
check declares the level that helps when it is the first to fail
(`Exercise.hint_level`). Self-study points to that level
(`ex.<id>.hint(N)`); nbgrader's grade cells, where learners have no `ex`
object, print its text.
"""

from __future__ import annotations

from autograder import exercises
from autograder.protocol import CheckResult, CheckStatus


def first_failed(exercise_id: str, *results: list[CheckResult]) -> tuple[str, int] | None:
    """The first failed check and the level of its hint.

    Args:
        exercise_id: An id of `autograder.exercises.IDS`.
        *results: Lists of the exercise's `CheckResult`s, tried in turn: the
            first list with a failed check decides (e.g. one grade cell's
            checks, then all of them when that cell's checks were skipped).

    Returns:
        `(check name, hint level)`, or `None` when no check failed (skipped
        checks and the grader's own errors do not count).
    """
    exercise = exercises.get(exercise_id)
    checks = {c.name: c for c in exercise.checks}
    for some in results:
        for result in some:
            if result.status is CheckStatus.FAILED and result.check in checks:
                return result.check, exercise.hint_level(checks[result.check])
    return None


def feedback(exercise_id: str, *results: list[CheckResult]) -> str:
    """The hint text for a grade cell's feedback, where no `ex` object exists.

    Args:
        exercise_id: An id of `autograder.exercises.IDS`.
        *results: As for `first_failed`.

    Returns:
        `"Hint 2 of 3, for `wiring`: ..."`, or `""` when no check failed.
    """
    found = first_failed(exercise_id, *results)
    if found is None:
        return ""
    check, level = found
    hints = exercises.get(exercise_id).hints
    return f"Hint {level} of {len(hints)}, for `{check}`: {hints[level - 1]}"


def pointer(exercise_id: str, *results: list[CheckResult]) -> str:
    """The self-study call that shows the hint for the first failed check.

    Args:
        exercise_id: An id of `autograder.exercises.IDS`.
        *results: As for `first_failed`.

    Returns:
        `"Stuck? `ex.<id>.hint(N)` is the hint for `<check>`."`, or `""`
        when no check failed.
    """
    found = first_failed(exercise_id, *results)
    if found is None:
        return ""
    check, level = found
    return f"Stuck? `ex.{exercise_id}.hint({level})` is the hint for `{check}`."
