"""The records between processes and layers, and how the build process classifies a call.

No subprocess and no TensorFlow: the learner functions run in this process
against a stand-in for `keras` that has just what the call path needs.
"""

from __future__ import annotations

import dataclasses
import json
import linecache
import types

import pytest

from autograder import build_child
from autograder.protocol import (
    DEFAULT_LIMITS,
    BuildOutcome,
    BuildStatus,
    BuildTask,
    CheckResult,
    CheckStatus,
    EventKind,
    Limits,
    ProgressEvent,
)


def _through_json(record):
    return type(record).from_json(json.loads(json.dumps(record.to_json())))


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize(
    "limits",
    [DEFAULT_LIMITS, Limits(seconds=45, memory_gib=1, restarts=0), Limits(startup_seconds=0.5)],
)
def test_limits_round_trip(limits):
    assert _through_json(limits) == limits


def test_limits_normalise_numbers_so_their_json_is_one():
    assert (
        Limits(seconds=45, memory_gib=2).to_json() == Limits(seconds=45.0, memory_gib=2.0).to_json()
    )
    assert isinstance(Limits(restarts=2.0).restarts, int)
    assert Limits.from_json({"seconds": 45}) == dataclasses.replace(DEFAULT_LIMITS, seconds=45.0)


@pytest.mark.parametrize(
    "bad", [{"seconds": 0}, {"seconds": -1}, {"memory_gib": float("nan")}, {"restarts": -1}]
)
def test_limits_reject_what_is_not_a_limit(bad):
    with pytest.raises(ValueError, match="Expected a positive number"):
        Limits(**bad)


def test_the_worst_case_is_the_formula_of_the_docstring():
    limits = Limits(
        seconds=10, startup_seconds=30, shutdown_seconds=5, restarts=2, judge_seconds=60
    )
    assert limits.learner_seconds(2) == 50
    assert limits.worst_case_seconds(2) == 3 * (30 + 5) + 50 + 60
    assert DEFAULT_LIMITS.worst_case_seconds(2) == 2750  # the figure the docstring gives
    assert "2750 s" in Limits.__doc__


def test_build_task_round_trip_and_of():
    build = types.SimpleNamespace(
        name="small",
        kwargs={"filters": 16},
        tensor_inputs=(8, 8, 16),
        given="",
        seed=3,
        saves_given=False,
    )
    exercise = types.SimpleNamespace(id="residual_block", function="residual_block")
    task = BuildTask.of(exercise, build)
    assert task.id == "residual_block:small" and task.tensor_inputs == (8, 8, 16)
    assert _through_json(task) == task
    assert _through_json(dataclasses.replace(task, out="/x.keras")).out == "/x.keras"
    assert _through_json(dataclasses.replace(task, saves_given=True)).saves_given is True


@pytest.mark.parametrize("status", list(BuildStatus))
def test_build_outcome_round_trip(status):
    outcome = BuildOutcome(status, path="m.keras", error="why", info={"returned": "Functional"})
    assert _through_json(outcome) == outcome
    assert outcome.ok is (status is BuildStatus.OK)


@pytest.mark.parametrize("kind", list(EventKind))
def test_progress_event_round_trip(kind):
    event = ProgressEvent(kind, label="cell 2", task="qa_model:default", error="e", info={"a": 1})
    assert _through_json(event) == event
    done = ProgressEvent(kind, task="t", status=BuildStatus.OUT_OF_MEMORY)
    assert ProgressEvent.from_json(json.loads(done.line())) == done
    assert done.line().endswith("\n") and done.line().count("\n") == 1


@pytest.mark.parametrize(
    "line",
    [
        {"kind": "reset_the_clock"},
        {"kind": "done", "status": "excellent"},
        {"kind": "done", "info": "not a dict"},
        {"event": "ready"},  # no kind
        ["ready"],
    ],
)
def test_a_forged_line_that_is_no_event_is_refused(line):
    with pytest.raises((ValueError, TypeError)):
        ProgressEvent.from_json(line)


@pytest.mark.parametrize("status", list(CheckStatus))
def test_check_result_round_trip(status):
    result = CheckResult(
        "wiring", status, expected="a", received="b", next_step="c", group="hidden"
    )
    assert _through_json(result) == result
    assert result.passed is (status is CheckStatus.PASSED)


def test_contract_json_is_exactly_the_contract():
    result = CheckResult("param_count", CheckStatus.SKIPPED, next_step="Not checked: ...")
    assert result.contract_json() == {
        "check": "param_count",
        "passed": False,
        "expected": "",
        "received": "",
        "message": "Not checked: ...",
    }


# --------------------------------------------------------------------------- classification

_KERAS_MODEL = type("Model", (), {})
_KERAS_TENSOR = type("KerasTensor", (), {})
#: What `build_child.run_task` uses of Keras, for functions that fail before using it.
FAKE_KERAS = types.SimpleNamespace(
    utils=types.SimpleNamespace(set_random_seed=lambda seed: None),
    Input=lambda shape, name: _KERAS_TENSOR(),
    KerasTensor=_KERAS_TENSOR,
    Model=_KERAS_MODEL,
)

STUB = '''
def residual_block(x, filters=128, downsample=False):
    """The release keeps the docstring."""
    # YOUR CODE HERE
    raise NotImplementedError()
'''
STILL_THINKING = """
def residual_block(x, filters=128, downsample=False):
    if downsample:
        return x
    raise NotImplementedError("still thinking about it")
"""


def _namespace(source: str, label: str = "cell 1") -> dict:
    """Runs `source` as the build process runs a cell (its lines in `linecache`)."""
    filename = f"<{label}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(keepends=True), filename)
    namespace = {"__name__": "__main__"}
    exec(compile(source, filename, "exec"), namespace)  # noqa: S102 - test code
    return namespace


def _run(source: str, tensor: bool = True, **kwargs):
    task = BuildTask(
        id="residual_block:default",
        exercise="residual_block",
        function="residual_block",
        kwargs=kwargs,
        tensor_inputs=(8, 8, 16) if tensor else (),
    )
    return build_child.run_task(task, _namespace(source), FAKE_KERAS, {"<cell 1>"})


def test_the_untouched_stub_is_not_attempted():
    model, outcome = _run(STUB)
    assert model is None and outcome.status is BuildStatus.NOT_ATTEMPTED


@pytest.mark.parametrize("raised", ["raise NotImplementedError", "raise NotImplementedError()"])
def test_the_stub_is_recognised_by_its_code_not_its_words(raised):
    source = f"def residual_block(x, **kw):\n    {raised}\n"
    assert _run(source)[1].status is BuildStatus.NOT_ATTEMPTED


def test_a_learner_not_implemented_error_in_one_branch_is_raised_not_not_attempted():
    model, outcome = _run(STILL_THINKING)
    assert outcome.status is BuildStatus.RAISED
    assert "NotImplementedError: still thinking about it" in outcome.error
    assert "<cell 1>, line 5" in outcome.error


@pytest.mark.parametrize(
    "body",
    [
        "raise NotImplementedError('later')",
        "print('started')\n    raise NotImplementedError()",
        "raise NotImplementedError() from None",
    ],
)
def test_anything_but_the_bare_stub_is_attempted(body):
    assert _run(f"def residual_block(x, **kw):\n    {body}\n")[1].status is BuildStatus.RAISED


def test_a_missing_function_has_its_status_and_its_old_words():
    _, outcome = _run("import math\n")
    assert outcome.status is BuildStatus.MISSING_FUNCTION
    assert outcome.error.startswith("LookupError: No function named `residual_block` is defined.")


def test_a_wrong_return_type_has_its_status_and_its_old_words():
    _, outcome = _run("def residual_block(x, **kw):\n    return None\n")
    assert outcome.status is BuildStatus.WRONG_RETURN
    assert outcome.error == (
        "TypeError: Expected `residual_block` to return a Keras tensor built from `x`. "
        "Received: NoneType."
    )
    _, outcome = _run("def residual_block(**kw):\n    return 3\n", tensor=False)
    assert outcome.status is BuildStatus.WRONG_RETURN and "Received: int." in outcome.error


def test_memory_error_is_out_of_memory_whatever_it_says():
    _, outcome = _run("def residual_block(x, **kw):\n    raise MemoryError('std::whatever')\n")
    assert outcome.status is BuildStatus.OUT_OF_MEMORY
    assert outcome.error.startswith("Memory limit: your code ran out of memory.")


def test_system_exit_and_other_errors_are_raised():
    for body in ("import sys; sys.exit(3)", "1 / 0", "raise TypeError('No function named x')"):
        _, outcome = _run(f"def residual_block(x, **kw):\n    {body}\n")
        assert outcome.status is BuildStatus.RAISED, body


def test_a_returned_model_is_ok_with_its_info():
    source = "def residual_block(**kw):\n    return MODEL()\n"
    task = BuildTask(id="e:default", exercise="e", function="residual_block")
    namespace = _namespace(source)
    namespace["MODEL"] = _KERAS_MODEL  # the function's globals
    model, outcome = build_child.run_task(task, namespace, FAKE_KERAS)
    assert isinstance(model, _KERAS_MODEL)
    assert outcome == BuildOutcome(
        BuildStatus.OK, info={"returned": "Model", "model_class": "Model"}
    )


def test_is_untouched_stub_needs_the_source():
    namespace = _namespace(STUB, label="cell 9")
    assert build_child.is_untouched_stub(namespace["residual_block"])
    assert not build_child.is_untouched_stub(len)  # no Python source
    assert not build_child.is_untouched_stub(_namespace(STILL_THINKING)["residual_block"])
