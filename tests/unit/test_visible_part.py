"""What a visible test cell builds and judges: a prefix of the exercise's builds and checks.

`Exercise.part` gives the checks up to a group's last one and the builds up
to the last one they declare; the build process and the judge run them as in
a whole run, so the group's verdict is the whole run's (`tests/test_cli.py`
compares both on real submissions).
"""

from __future__ import annotations

import pytest

from autograder import api, exercises
from autograder.checks.framework import Check, Kind
from autograder.exercise import Build, Exercise
from autograder.protocol import Group


def _check(name, group, build="default", needs=()):
    return Check(name, lambda models: None, group, needs, kind=Kind.SHAPE, build=build)


BUILDS = (Build("default"), Build("other"), Build("training"))
MIXED = Exercise(
    "demo",
    "f",
    "f()",
    "",
    BUILDS,
    ("a nudge",),
    checks=(
        _check("builds", Group.VISIBLE),
        _check("sizes", Group.HIDDEN, build="other", needs=("builds",)),
        _check("shape", Group.VISIBLE, needs=("sizes",)),
        _check("training", Group.HIDDEN, build="training"),
    ),
)


def test_a_group_gets_the_checks_up_to_its_last_one_and_the_builds_they_declare():
    builds, checks = MIXED.part(Group.VISIBLE)

    # The hidden `sizes` lies before the visible `shape`, which needs it: it stays.
    assert [c.name for c in checks] == ["builds", "sizes", "shape"]
    assert [b.name for b in builds] == ["default", "other"]
    assert MIXED.part("hidden") == MIXED.part(None) == (BUILDS, MIXED.checks)


@pytest.mark.parametrize("exercise_id", exercises.IDS)
def test_a_visible_cell_leaves_out_only_hidden_work(exercise_id):
    exercise = exercises.get(exercise_id)
    builds, checks = exercise.part(Group.VISIBLE)
    visible = [c.name for c in exercise.checks if c.group is Group.VISIBLE]

    assert [c.name for c in checks] == visible, "the visible checks lead the exercise's"
    assert {c.build for c in checks} == {b.name for b in builds}
    assert len(builds) < len(exercise.builds) or len(checks) < len(exercise.checks)
    tasks = api.tasks_for([exercise_id], Group.VISIBLE)
    assert [t.id for t in tasks] == [f"{exercise_id}:{b.name}" for b in builds]
