"""The baseline's test cells: the kit's checks run inside the learner's kernel.

This is how a course graded by plain nbgrader checks a notebook: the test
cell calls the learner's function in the same kernel and asserts on the
result. It does the same work as the kit's pipeline (the same builds, saved
and reloaded, the same checks) but with none of its walls: no build process,
no judge process, no time or memory limit of its own. Only
`benchmarks/class_grading.py` uses it, to measure what those walls cost.
"""

from __future__ import annotations

import dataclasses
import pathlib
import tempfile

import __main__

_verdicts: dict = {}


def _judge_in_kernel(exercise_id: str) -> list:
    import keras

    from autograder import api, build_child, judge

    folder = pathlib.Path(tempfile.mkdtemp(prefix="plain-"))
    outcomes = {}
    for task in api.tasks_for([exercise_id]):
        model, outcome = build_child.run_task(task, vars(__main__), keras)
        if model is not None:
            path = folder / f"{task.id.replace(':', '__')}.keras"
            model.save(path)
            outcome = dataclasses.replace(outcome, path=str(path))
        outcomes[task.id] = outcome
    return judge.judge(exercise_id, outcomes)


def check(exercise_id: str, group: str) -> None:
    """Asserts that the checks of one grade cell pass for the kernel's code.

    Args:
        exercise_id: e.g. `"qa_model"`.
        group: `"visible"` or `"hidden"`: the grade cell's checks.

    Raises:
        AssertionError: naming the failed checks (nbgrader scores the cell 0).
    """
    if exercise_id not in _verdicts:  # both grade cells of an exercise share one run
        _verdicts[exercise_id] = _judge_in_kernel(exercise_id)
    failed = [r for r in _verdicts[exercise_id] if r.group == group and not r.passed]
    assert not failed, "; ".join(f"{r.check}: {r.received}" for r in failed)
