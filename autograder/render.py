"""Results as text for a terminal, as JSON, and as HTML for Jupyter."""

from __future__ import annotations

import base64
import html as html_lib
import json
import textwrap

from autograder.protocol import CheckResult, CheckStatus


def _block(label: str, text: str) -> list[str]:
    lines = text.strip().splitlines() or [""]
    head = f"  {label:<9} {lines[0]}"
    return [head] + [" " * 12 + line for line in lines[1:]]


def text(exercise_id: str, results: list[CheckResult], hint: str = "") -> str:
    """A summary line, then one block per failed check: expected, received, next step.

    Args:
        exercise_id: e.g. `"qa_model"`.
        results: The `CheckResult`s to show, coarse to fine.
        hint: A closing paragraph when a check failed, e.g. the hint for the
            first failed check (`autograder.hints.feedback`); default none.

    Returns:
        Plain text, lines of at most about 90 characters.
    """
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
        if r.next_step:
            out += _block("Next:", textwrap.fill(r.next_step, 76, subsequent_indent=""))
    if hint and passed < len(results):
        out += ["", textwrap.fill(hint, 88)]
    return "\n".join(out)


def as_json(results: list[CheckResult]) -> str:
    """The contract's `--json` form: a list of check objects."""
    return json.dumps([r.contract_json() for r in results], indent=2)


_COLOURS = {
    "correct": "#1a7f37",
    "incorrect": "#cf222e",
    "error": "#cf222e",
    "not attempted": "#57606a",
    "not checked": "#9a6700",
}


def _inline(text: str) -> str:
    """Escaped text with `code` spans as <code>."""
    parts = html_lib.escape(text).split("`")
    return "".join(f"<code>{p}</code>" if i % 2 else p for i, p in enumerate(parts))


def _cell(text: str) -> str:
    if "\n" in text.strip():
        return f'<pre style="margin:0;white-space:pre-wrap">{html_lib.escape(text.strip())}</pre>'
    return _inline(text)


def _png(data: bytes | None, alt: str) -> str:
    if not data:
        return f"<p><em>{html_lib.escape(alt)}</em></p>"
    encoded = base64.b64encode(data).decode("ascii")
    return (
        f'<img src="data:image/png;base64,{encoded}" alt="{html_lib.escape(alt)}" '
        'style="max-width:100%;height:auto">'
    )


def html(
    exercise_id: str,
    results: list[CheckResult],
    *,
    headline: str = "",
    outcome: str = "",
    details: bool = True,
    diagrams: list[tuple] = (),
) -> str:
    """The results as an HTML block for Jupyter's rich display.

    A headline, then one row per check: passed, failed or not checked, what
    was expected, what was received and what to look at next. When a wiring
    check failed, the learner's `plot_model` diagram is shown beside the
    reference's. Everything the learner's code could influence is escaped.

    Example:

    ```python
    render.html("qa_model", results, headline="2 of 11 checks failed.", outcome="incorrect")
    ```

    Args:
        exercise_id: e.g. `"qa_model"`.
        results: The exercise's `CheckResult`s.
        headline: One or two sentences above the table (default: the
            summary line of `text`); `code` spans in backticks.
        outcome: `"correct"`, `"incorrect"`, `"error"`, `"not attempted"` or
            `"not checked"`: the colour of the headline (default: from the
            results).
        details: Whether to show the table of checks (default `True`).
        diagrams: `(caption, learner PNG, reference PNG, reference caption)`
            tuples; a missing PNG is `None` (default: none).

    Returns:
        An HTML fragment (no `<html>` or `<script>`).
    """
    passed = sum(r.passed for r in results)
    if not outcome:
        outcome = "correct" if results and passed == len(results) else "incorrect"
    colour = _COLOURS.get(outcome, "#57606a")
    headline = headline or f"{exercise_id}: {passed} of {len(results)} checks passed."
    out = [
        f'<div class="autograder-results" data-exercise="{html_lib.escape(exercise_id)}" '
        f'data-outcome="{html_lib.escape(outcome)}" style="font-size:13px;line-height:1.4">',
        f'<p style="border-left:4px solid {colour};padding:4px 8px;margin:4px 0">'
        f'<strong style="color:{colour}">{html_lib.escape(exercise_id)}</strong> '
        f"&middot; {_inline(headline)}</p>",
    ]
    if details and results:
        cell = 'style="text-align:left;vertical-align:top;padding:3px 6px"'
        out.append('<table style="border-collapse:collapse;margin:4px 0">')
        heads = ("", "check", "expected", "received", "next step")
        out.append(
            "<thead><tr>" + "".join(f"<th {cell}>{h}</th>" for h in heads) + "</tr></thead><tbody>"
        )
        for r in results:
            skipped = r.status is CheckStatus.SKIPPED
            mark, tint = (
                ("&#10003;", "#1a7f37")
                if r.passed
                else ("&ndash;", "#8c959f")
                if skipped
                else ("&#10007;", "#cf222e")
            )
            out.append(
                f'<tr class="{"passed" if r.passed else "skipped" if skipped else "failed"}" '
                'style="border-top:1px solid #d0d7de">'
                f'<td {cell}><span style="color:{tint};font-weight:bold">{mark}</span></td>'
                f"<td {cell}><code>{html_lib.escape(r.check)}</code></td>"
                f"<td {cell}>{_cell(r.expected)}</td>"
                f"<td {cell}>{_cell(r.received)}</td>"
                f"<td {cell}>{_cell(r.next_step)}</td></tr>"
            )
        out.append("</tbody></table>")
    for caption, learner, reference, reference_caption in diagrams:
        out.append(
            '<div class="autograder-diagrams" style="display:flex;gap:16px;align-items:flex-start">'
            f'<figure style="flex:1;margin:4px"><figcaption><strong>Yours:</strong> '
            f"{_inline(caption)}</figcaption>{_png(learner, 'No diagram of your model.')}</figure>"
            f'<figure style="flex:1;margin:4px"><figcaption><strong>Reference:</strong> '
            f"{_inline(reference_caption)}</figcaption>"
            f"{_png(reference, 'No reference diagram here.')}</figure></div>"
        )
    out.append("</div>")
    return "\n".join(out)
