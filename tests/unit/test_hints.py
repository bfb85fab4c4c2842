"""Hints in levels: declarations, the hint for the first failed check, self-study and feedback."""

from __future__ import annotations

import pytest

from autograder import exercises, hints, render, selfstudy
from autograder.checks.framework import HINT_LEVELS, Check, Kind
from autograder.exercise import Build, Exercise
from autograder.nbgrader import judge_cells
from autograder.protocol import CheckResult, CheckStatus, Group

THREE = ("a nudge", "the plan", "the key line")


def _exercise(*checks: Check, hints: tuple[str, ...] = THREE) -> Exercise:
    return Exercise("demo", "f", "f()", "demo", (Build("default"),), hints, checks)


def _check(name: str, kind: Kind, **kw) -> Check:
    return Check(name, lambda models: "", kind=kind, **kw)


def _result(name: str, status: CheckStatus, group: Group = Group.VISIBLE) -> CheckResult:
    return CheckResult(name, status, expected="e", received="r", next_step="n", group=group)


#: The exercises past the source, whose levels come from their checks' kinds alone.
PAST_THE_SOURCE = {"feature_extractor", "small_resnet", "review_model"}
#: The source's exercises: their checks declare levels for the hints written for them.
SOURCE_EXERCISES = [i for i in exercises.IDS if i not in PAST_THE_SOURCE]


@pytest.mark.parametrize("exercise_id", exercises.available())
def test_every_exercise_has_three_levels_and_each_check_points_to_one(exercise_id):
    exercise = exercises.get(exercise_id)
    assert len(exercise.hints) >= 3, exercise_id
    assert len(set(exercise.hints)) == len(exercise.hints)
    for check in exercise.checks:
        assert 1 <= exercise.hint_level(check) <= len(exercise.hints), check.name


@pytest.mark.parametrize("exercise_id", SOURCE_EXERCISES)
def test_every_level_is_the_hint_of_some_check(exercise_id):
    exercise = exercises.get(exercise_id)
    used = {exercise.hint_level(c) for c in exercise.checks}
    assert used == set(range(1, len(exercise.hints) + 1)), (exercise_id, used)


def test_default_level_comes_from_the_kind_and_is_at_most_the_last_level():
    checks = [_check(kind.value, kind) for kind in Kind]
    three = _exercise(*checks)
    assert {c.name: three.hint_level(c) for c in checks} == {
        k.value: v for k, v in HINT_LEVELS.items()
    }
    assert set(HINT_LEVELS) == set(Kind)
    one = _exercise(*checks, hints=("only",))
    assert {one.hint_level(c) for c in checks} == {1}


def test_a_declared_level_overrides_the_kind_and_is_validated():
    check = _check("builds", Kind.BUILD, hint=3)
    assert _exercise(check).hint_level(check) == 3
    with pytest.raises(ValueError, match="points to hint 4, but the exercise has 3"):
        _exercise(_check("builds", Kind.BUILD, hint=4))
    for bad in (-1, True, "2", 1.5):
        with pytest.raises(ValueError, match="hint level"):
            _check("builds", Kind.BUILD, hint=bad)
    with pytest.raises(ValueError, match="non-empty tuple"):
        _exercise(check, hints=())


def test_first_failed_skips_passed_skipped_and_grader_errors_and_falls_back():
    exercise = exercises.get("qa_model")
    wiring = next(c for c in exercise.checks if c.name == "wiring")
    cell = [
        _result("builds", CheckStatus.PASSED),
        _result("learns_with_list_and_dict", CheckStatus.SKIPPED, Group.HIDDEN),
    ]
    every = [
        *cell,
        _result("grader", CheckStatus.GRADER_ERROR),
        _result("wiring", CheckStatus.FAILED, Group.HIDDEN),
        _result("softmax_output", CheckStatus.FAILED, Group.HIDDEN),
    ]
    assert hints.first_failed("qa_model", cell) is None
    assert hints.first_failed("qa_model", cell, every) == ("wiring", exercise.hint_level(wiring))
    level = exercise.hint_level(wiring)
    assert hints.pointer("qa_model", every) == (
        f"Stuck? `ex.qa_model.hint({level})` is the hint for `wiring`."
    )
    text = hints.feedback("qa_model", cell, every)
    assert text.startswith(f"Hint {level} of {len(exercise.hints)}, for `wiring`: ")
    assert exercise.hints[level - 1] in text
    assert hints.feedback("qa_model", cell) == hints.pointer("qa_model", cell) == ""


def test_text_feedback_ends_with_the_hint_only_when_a_check_failed():
    failed = [_result("builds", CheckStatus.PASSED), _result("param_count", CheckStatus.FAILED)]
    hint = hints.feedback("qa_model", failed)
    assert "Embedding" in hint  # the param_count hint names the swapped arguments
    text = render.text("qa_model", failed, hint=hint)
    assert text.startswith(render.text("qa_model", failed) + "\n\nHint 2 of 3, for `param_count`:")
    passed = [_result("builds", CheckStatus.PASSED)]
    assert render.text("qa_model", passed, hint="ignored") == render.text("qa_model", passed)


def test_nbgrader_grade_cell_prints_the_hint_text_of_the_first_failure():
    visible = [_result("builds", CheckStatus.PASSED), _result("param_count", CheckStatus.FAILED)]
    skipped = [_result("arguments_used", CheckStatus.SKIPPED, Group.HIDDEN)]
    outputs = judge_cells.verdict_outputs("qa_model", skipped, visible + skipped)
    stdout = outputs[0]["text"]
    assert "Hint 2 of 3, for `param_count`:" in stdout
    assert outputs[1]["output_type"] == "error"
    passing = judge_cells.verdict_outputs("qa_model", visible[:1], visible)
    assert "Hint" not in passing[0]["text"] and len(passing) == 1


def test_selfstudy_verdict_points_to_the_hint_of_the_first_failure():
    checks = (_result("builds", CheckStatus.PASSED), _result("wiring", CheckStatus.FAILED))
    results = selfstudy.Results("qa_model", "build_qa_model", selfstudy.Outcome.INCORRECT, checks)
    exercise = exercises.get("qa_model")
    level = exercise.hint_level(next(c for c in exercise.checks if c.name == "wiring"))
    assert f"`ex.qa_model.hint({level})`" in results.headline
    assert f"ex.qa_model.hint({level})" in results._repr_html_()


def test_hint_gives_the_next_level_at_each_call_then_says_there_is_no_more(monkeypatch):
    monkeypatch.delenv("AUTOGRADER_SANDBOX", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    monkeypatch.delenv(selfstudy.SOLUTIONS_ENV, raising=False)
    texts = exercises.get("siamese").hints
    problem = selfstudy.Problem("siamese")
    for level, text in enumerate(texts, start=1):
        shown = problem.hint()
        assert f"**Hint {level} of {len(texts)}**" in shown._repr_markdown_()
        assert text in str(shown)
        assert "def build_siamese_model" not in str(shown)
    last = str(problem.hint())
    assert "No more hints for `siamese`" in last
    assert "`ex.siamese.solution()`" in last  # the kit ships `solutions/`
    monkeypatch.setenv(selfstudy.SOLUTIONS_ENV, "")
    none = selfstudy.Problem("siamese")
    none._hints_seen = len(texts)
    assert "ships without solutions" in str(none.hint())
    assert "solution()" not in str(none.hint())


def test_hint_of_a_given_level_and_out_of_range_levels(monkeypatch):
    monkeypatch.delenv("AUTOGRADER_SANDBOX", raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    texts = exercises.get("inception_module").hints
    problem = selfstudy.Problem("inception_module")
    assert texts[1] in str(problem.hint(2))
    assert texts[2] in str(problem.hint())  # the next call goes on from there
    assert texts[0] in str(problem.hint(1))  # an earlier level again
    assert "No more hints" in str(problem.hint())
    for level in (0, len(texts) + 1, -1):
        message = str(selfstudy.Problem("inception_module").hint(level))
        assert f"hints at levels 1 to {len(texts)}. Received: level {level}." in message
    for bad in ("2", 1.0, True):
        with pytest.raises(TypeError, match="hint level"):
            problem.hint(bad)
