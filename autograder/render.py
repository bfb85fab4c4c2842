"""Results as text for a terminal and as JSON."""

from __future__ import annotations

import json
import textwrap

from autograder.results import CheckResult


def _block(label: str, text: str) -> list[str]:
    lines = text.strip().splitlines() or [""]
    head = f"  {label:<9} {lines[0]}"
    return [head] + [" " * 12 + line for line in lines[1:]]


def text(exercise_id: str, results: list[CheckResult]) -> str:
    """A summary line, then one block per failed check: expected, received, next step."""
    passed = sum(r.passed for r in results)
    out = [f"{exercise_id}: {passed} of {len(results)} checks passed."]
    for r in results:
        if r.passed:
            continue
        out.append("")
        out.append(f"FAILED {r.check}")
        if r.expected:
            out += _block("Expected:", r.expected)
        if r.received:
            out += _block("Received:", r.received)
        if r.message:
            out += _block("Next:", textwrap.fill(r.message, 76, subsequent_indent=""))
    return "\n".join(out)


def as_json(results: list[CheckResult]) -> str:
    """The contract's `--json` form: a list of check objects."""
    return json.dumps([r.to_json() for r in results], indent=2)
