"""Rendering (text, JSON, HTML) from hand-made results, without running a check."""

from __future__ import annotations

import json

from autograder import render
from autograder.protocol import CheckResult, CheckStatus

PASSED = CheckResult("builds", CheckStatus.PASSED, received="a model")
FAILED = CheckResult(
    "wiring",
    CheckStatus.FAILED,
    expected="Concatenation input 0: `text`\nthen `question`.",
    received="<b>question</b> & text",
    next_step="Look at the order of the inputs of the concatenation layer: the text comes "
    "first, then the question, as in the lesson.",
)
SKIPPED = CheckResult(
    "learns", CheckStatus.SKIPPED, next_step="Not checked: `wiring` must pass first."
)
GRADER = CheckResult(
    "grader", CheckStatus.GRADER_ERROR, expected="The grader judges.", received="boom"
)


def test_text_has_a_summary_then_a_block_per_check_not_passed():
    assert render.text("qa_model", [PASSED, FAILED, SKIPPED]) == "\n".join(
        [
            "qa_model: 1 of 3 checks passed.",
            "",
            "FAILED wiring",
            "  Expected: Concatenation input 0: `text`",
            "            then `question`.",
            "  Received: <b>question</b> & text",
            "  Next:     Look at the order of the inputs of the concatenation layer: the text "
            "comes",
            "            first, then the question, as in the lesson.",
            "",
            "FAILED learns",
            "  Next:     Not checked: `wiring` must pass first.",
        ]
    )


def test_text_of_all_passed_is_the_summary_line():
    assert render.text("qa_model", [PASSED, PASSED]) == "qa_model: 2 of 2 checks passed."


def test_json_is_the_contract_whatever_the_status():
    data = json.loads(render.as_json([PASSED, FAILED, SKIPPED, GRADER]))
    assert [set(d) for d in data] == [{"check", "passed", "expected", "received", "message"}] * 4
    assert [d["passed"] for d in data] == [True, False, False, False]
    assert data[1]["message"] == FAILED.next_step and data[2]["message"] == SKIPPED.next_step
    assert data[1]["received"] == "<b>question</b> & text"  # JSON is not HTML: not escaped


def test_html_marks_each_row_by_status_and_escapes_learner_text():
    page = render.html("qa_model", [PASSED, FAILED, SKIPPED])
    assert page.count('class="passed"') == 1
    assert page.count('class="failed"') == 1 and page.count('class="skipped"') == 1
    assert "&lt;b&gt;question&lt;/b&gt; &amp; text" in page and "<b>question" not in page
    assert "Not checked: <code>wiring</code> must pass first." in page
    assert '<pre style="margin:0;white-space:pre-wrap">Concatenation input 0: `text`' in page
    assert 'data-outcome="incorrect"' in page


def test_html_outcome_headline_and_details():
    page = render.html("qa_model", [PASSED], headline="All `good`.", details=False)
    assert 'data-outcome="correct"' in page and "All <code>good</code>." in page
    assert "<table" not in page
    page = render.html("qa_model", [FAILED], outcome="not attempted")
    assert 'data-outcome="not attempted"' in page and "#57606a" in page


def test_html_a_skipped_check_is_told_by_its_status_not_its_words():
    worded = CheckResult("x", CheckStatus.FAILED, next_step="Not checked: tricky wording.")
    page = render.html("qa_model", [worded])
    assert 'class="failed"' in page and 'class="skipped"' not in page


def test_html_diagrams_side_by_side_with_missing_ones_said():
    page = render.html(
        "qa_model", [FAILED], diagrams=[("`build_qa_model()`", b"PNG", None, "the reference")]
    )
    assert "data:image/png;base64,UE5H" in page and "No reference diagram here." in page
    assert "<code>build_qa_model()</code>" in page
