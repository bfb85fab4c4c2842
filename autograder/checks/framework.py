"""Running an exercise's checks, coarse to fine, each with a reason."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from autograder.protocol import CheckResult, CheckStatus


class Fail(Exception):
    """Raised by a check: the submission does not do what the check expects.

    Args:
        expected: What a correct submission gives.
        received: What this submission gave.
        message: What to look at next.
    """

    def __init__(self, expected: str, received: str, message: str = ""):
        super().__init__(message or expected)
        self.expected = expected
        self.received = received
        self.message = message


@dataclasses.dataclass(frozen=True)
class Check:
    """One check of an exercise.

    Args:
        name: Stable name, shown to learners and used in `--json`.
        run: `run(models) -> str | None`; returns what it saw on success
            and raises `Fail` otherwise.
        group: `"visible"` (a test the learner sees) or `"hidden"`.
        needs: Names of checks that must pass before this one means anything.
    """

    name: str
    run: Callable
    group: str = "visible"
    needs: tuple[str, ...] = ()


def run_checks(checks: list[Check], models) -> list[CheckResult]:
    """Runs `checks` in order on `models` (a `judge.Models`).

    A check whose `needs` did not pass is reported as skipped without
    running, so that the first message is about the most basic mistake. An unexpected
    exception inside a check (Keras refusing the model, say) is a failure of
    that check with Keras's own message, never a crash of the grader.

    Returns:
        One `CheckResult` per check, in the order of `checks`.
    """
    results: dict[str, CheckResult] = {}
    for check in checks:
        blocker = next((n for n in check.needs if not results[n].passed), None)
        if blocker:
            result = CheckResult(
                check.name,
                CheckStatus.SKIPPED,
                next_step=f"Not checked: `{blocker}` must pass first.",
                group=check.group,
            )
        else:
            try:
                seen = check.run(models)
                result = CheckResult(
                    check.name, CheckStatus.PASSED, received=seen or "", group=check.group
                )
            except Fail as fail:
                result = CheckResult(
                    check.name,
                    CheckStatus.FAILED,
                    expected=fail.expected,
                    received=fail.received,
                    next_step=fail.message,
                    group=check.group,
                )
            except Exception as error:  # noqa: BLE001 - Keras rejecting the model
                text = f"{type(error).__name__}: {error}".strip()
                result = CheckResult(
                    check.name,
                    CheckStatus.FAILED,
                    expected="Keras accepts the model for this check.",
                    received=text[:1500],
                    next_step="Keras raised this error while the grader used your model.",
                    group=check.group,
                )
        results[check.name] = result
    return list(results.values())
