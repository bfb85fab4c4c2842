"""Check declarations: every exercise's, validated without TensorFlow, and the validator."""

from __future__ import annotations

import importlib
import importlib.abc
import sys

import pytest

from autograder import exercises, judge
from autograder.checks.framework import GRAPH_KINDS, Check, Kind, builds_name
from autograder.exercise import Build, Exercise, declaration_problems
from autograder.protocol import CheckResult, CheckStatus, Group

HEAVY = ("tensorflow", "keras")


def _heavy(name: str) -> bool:
    return any(name == h or name.startswith(f"{h}.") for h in HEAVY)


class _NoHeavyImports(importlib.abc.MetaPathFinder):
    """Makes any import of TensorFlow or Keras fail."""

    def find_spec(self, name, path=None, target=None):
        if _heavy(name):
            raise ImportError(f"{name} imported while declaring exercises")
        return None


@pytest.fixture
def without_tensorflow():
    """Imports in the test see no TensorFlow or Keras (even if another test loaded them).

    The modules are hidden and blocked for the test, and everything is put
    back after it, so other tests keep the modules they imported.
    """
    saved = dict(sys.modules)
    for name in list(sys.modules):
        if _heavy(name) or name.startswith("autograder"):
            del sys.modules[name]
    blocker = _NoHeavyImports()
    sys.meta_path.insert(0, blocker)
    try:
        yield
    finally:
        sys.meta_path.remove(blocker)
        sys.modules.clear()
        sys.modules.update(saved)


def test_every_exercise_declares_its_checks_without_importing_tensorflow(without_tensorflow):
    fresh = importlib.import_module("autograder.exercises")
    declared = {i: fresh.get(i) for i in fresh.IDS}
    validate = importlib.import_module("autograder.exercise").declaration_problems
    importlib.import_module("autograder.nbgrader.grade_ids")

    assert "tensorflow" not in sys.modules
    assert "keras" not in sys.modules
    assert list(declared) == fresh.available() == list(fresh.IDS)
    for exercise in declared.values():
        assert validate(exercise.builds, exercise.checks) == [], exercise.id


@pytest.mark.parametrize("exercise_id", exercises.IDS)
def test_declarations_are_valid_and_complete(exercise_id):
    exercise = exercises.get(exercise_id)
    names = [c.name for c in exercise.checks]
    builds = [b.name for b in exercise.builds]

    assert len(set(names)) == len(names)
    for position, check in enumerate(exercise.checks):
        assert isinstance(check.kind, Kind) and isinstance(check.group, Group)
        assert check.build in builds
        assert set(check.needs) <= set(names[:position]), check.name
    assert {c.build for c in exercise.checks} == set(builds)
    # Every build is first checked by its `builds` check, which needs nothing.
    for build in builds:
        [first] = [c for c in exercise.checks if c.build == build][:1]
        assert (first.name, first.kind, first.needs) == (builds_name(build), Kind.BUILD, ())


@pytest.mark.parametrize("exercise_id", exercises.IDS)
def test_diagrams_follow_the_declared_kind_and_build(exercise_id):
    exercise = exercises.get(exercise_id)
    for check in exercise.checks:
        failed = CheckResult(check.name, CheckStatus.FAILED, "x", "y", "z", check.group)
        skipped = CheckResult(
            check.name, CheckStatus.SKIPPED, next_step="Not checked: `builds` must pass first."
        )

        drawn = judge.graph_failures(exercise, [failed])

        assert drawn == ([check.build] if check.kind in GRAPH_KINDS else []), check.name
        assert judge.graph_failures(exercise, [skipped]) == []
        assert judge.graph_failures(exercise, [CheckResult(check.name, CheckStatus.PASSED)]) == []


def test_graph_failures_ignore_a_result_no_check_declares():
    exercise = exercises.get("residual_block")

    assert (
        judge.graph_failures(
            exercise, [CheckResult("grader", CheckStatus.GRADER_ERROR, next_step="bug")]
        )
        == []
    )


def _check(name, needs=(), build="default", kind=Kind.SHAPE):
    return Check(name, lambda models: None, Group.VISIBLE, needs, kind=kind, build=build)


DEFAULT_ONLY = (Build("default"),)


def _exercise(*checks, builds=DEFAULT_ONLY):
    return Exercise("demo", "f", "f()", "", builds, ("a nudge",), checks=checks)


def test_valid_declarations_make_an_exercise():
    exercise = _exercise(_check("builds", kind=Kind.BUILD), _check("shape", needs=("builds",)))

    assert [c.name for c in exercise.checks] == ["builds", "shape"]


@pytest.mark.parametrize(
    ("checks", "builds", "fragment"),
    [
        ((_check("a"), _check("a")), (Build("default"),), "`a` is declared twice"),
        ((_check("a", needs=("b",)), _check("b")), (Build("default"),), "which is a later check"),
        ((_check("a", needs=("bulds",)),), (Build("default"),), "no check of this exercise"),
        ((_check("a", needs=("a",)),), (Build("default"),), "which is itself"),
        ((_check("a", build="other"),), (Build("default"),), "about build `other`"),
        ((_check("a"),), (Build("default"), Build("other")), "Build `other` is used by no check"),
        ((_check("a"),), (Build("default"), Build("default")), "Build names repeat"),
        (("a",), (Build("default"),), "Not a `Check`"),
        ((_check("a"),), (Build("default", saves_given=True),), "has no `given`"),
    ],
)
def test_invalid_declarations_fail_when_the_exercise_is_defined(checks, builds, fragment):
    assert any(fragment in p for p in declaration_problems(builds, checks))
    with pytest.raises(ValueError, match="Exercise `demo`:"):
        _exercise(*checks, builds=builds)


@pytest.mark.parametrize(
    ("field", "value"), [("group", "secret"), ("kind", "vibes"), ("group", "Visible")]
)
def test_a_check_refuses_an_unknown_group_or_kind(field, value):
    declaration = {"group": Group.VISIBLE, "kind": Kind.SHAPE, field: value}

    with pytest.raises(ValueError, match=repr(value)):
        Check("a", lambda models: None, declaration["group"], kind=declaration["kind"])


def test_a_check_takes_enum_values_as_strings():
    check = Check("a", lambda models: None, "hidden", ["builds"], kind="wiring")

    assert (check.group, check.kind, check.needs) == (Group.HIDDEN, Kind.WIRING, ("builds",))
    assert check.group == "hidden"  # results and nbgrader compare groups with strings
