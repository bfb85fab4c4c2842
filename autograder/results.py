"""One check's verdict, as the command line, nbgrader and notebooks show it."""

from __future__ import annotations

import dataclasses


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """The verdict of one check on one submission.

    Args:
        check: Stable name of the check, e.g. `"param_count"`.
        passed: Whether the submission satisfies the check.
        expected: What a correct submission gives, in words and numbers.
        received: What this submission gave.
        message: What to look at next (empty when `passed`).
        group: The nbgrader grade cell that scores this check
            (`"visible"` or `"hidden"`); not part of the JSON output.
    """

    check: str
    passed: bool
    expected: str = ""
    received: str = ""
    message: str = ""
    group: str = "visible"

    def to_json(self) -> dict:
        """Returns the contract's JSON object (`check`, `passed`, `expected`,
        `received`, `message`)."""
        return {
            "check": self.check,
            "passed": self.passed,
            "expected": self.expected,
            "received": self.received,
            "message": self.message,
        }

    @classmethod
    def from_json(cls, data: dict, group: str = "visible") -> CheckResult:
        """Inverse of `to_json`; unknown keys are ignored."""
        return cls(
            check=str(data["check"]),
            passed=bool(data["passed"]),
            expected=str(data.get("expected", "")),
            received=str(data.get("received", "")),
            message=str(data.get("message", "")),
            group=str(data.get("group", group)),
        )
