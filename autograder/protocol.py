"""The records that cross process and layer boundaries, each with a JSON round trip.

The build process (`build_child`) writes `ProgressEvent`s; the parent
(`sandbox`) turns them into one `BuildOutcome` per `BuildTask`; the judge
reads the outcomes and returns `CheckResult`s to the command line, notebooks,
self-study and nbgrader. Every decision downstream reads a status field of
these records, never the text meant for the learner. `Limits` holds every
time and memory limit, with its defaults stated once, here.
"""

from __future__ import annotations

import dataclasses
import enum
import json
import math


def _fields(cls, data: dict) -> dict:
    """The keys of `data` that are fields of `cls` (unknown keys are ignored)."""
    names = {f.name for f in dataclasses.fields(cls)}
    return {k: v for k, v in data.items() if k in names}


@dataclasses.dataclass(frozen=True)
class Limits:
    """Limits on learner code and on the judge, for one submission.

    `seconds` is the contract's per-exercise limit. Each cell of the
    submission and each call of a learner function may run `seconds`; the
    learner code of one submission may run `seconds * (2 * exercises + 1)`
    in all (per exercise one share for the cells that try the function and
    one for its calls, and one share for the rest), counted by the parent
    across every build process, whatever the code writes. Keras's
    own start-up (before any learner code runs) is measured and bounded
    apart, by `startup_seconds` per build process; a build process that hangs
    or ends is replaced at most `restarts` times; one that has finished gets
    `shutdown_seconds` to exit. So one submission holds a worker at most

        (restarts + 1) * (startup_seconds + shutdown_seconds)
        + seconds * (2 * exercises + 1) + judge_seconds

    plus a fraction of a second per process to start and stop it. With the
    defaults and one assignment of two exercises: 5 * (300 + 10) + 120 * 5 +
    600 = 2750 s, of which learner code controls 600 s.

    Args:
        seconds: Wall-clock seconds per exercise, per cell and per call.
        memory_gib: Cap on the resident anonymous memory of the build
            process tree, in GiB.
        startup_seconds: Seconds for a build process to start Python and
            import Keras, before any learner code runs.
        shutdown_seconds: Seconds for a build process to exit once it has
            reported everything.
        restarts: How many times the build processes of one submission are
            replaced after one hung, ran out of memory or ended.
        judge_seconds: Seconds for the judge process of one submission.
    """

    seconds: float = 120.0
    memory_gib: float = 2.0  # every reference notebook grades within 1.25 GiB
    startup_seconds: float = 300.0
    shutdown_seconds: float = 10.0
    restarts: int = 4
    judge_seconds: float = 600.0

    def __post_init__(self):
        for field in dataclasses.fields(self):
            kind = int if field.name == "restarts" else float
            value = kind(getattr(self, field.name))
            if not math.isfinite(value) or value < 0 or (kind is float and value == 0):
                raise ValueError(
                    f"Expected a positive number for `{field.name}`. Received: {value}"
                )
            object.__setattr__(self, field.name, value)

    def tuned(self, *, seconds: float, memory_gib: float) -> Limits:
        """These limits with the two a user sets (`--timeout`, `--memory-gib`) replaced.

        Raises:
            ValueError: if either is not a positive, finite number.
        """
        return dataclasses.replace(self, seconds=seconds, memory_gib=memory_gib)

    @property
    def memory_bytes(self) -> int:
        """`memory_gib` in bytes."""
        return int(self.memory_gib * 1024**3)

    def learner_seconds(self, exercises: int) -> float:
        """The learner-code budget of a submission with `exercises` exercises."""
        return self.seconds * (2 * exercises + 1)

    def worst_case_seconds(self, exercises: int) -> float:
        """The longest one submission can hold a worker (the formula above)."""
        processes = self.restarts + 1
        return (
            processes * (self.startup_seconds + self.shutdown_seconds)
            + self.learner_seconds(exercises)
            + self.judge_seconds
        )

    def to_json(self) -> dict:
        """The limits as a JSON object (every field, numbers normalised)."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> Limits:
        """Inverse of `to_json`; missing fields take their defaults."""
        return cls(**_fields(cls, data))


#: The defaults, for signatures that take a `Limits`.
DEFAULT_LIMITS = Limits()


@dataclasses.dataclass(frozen=True)
class BuildTask:
    """One call of a learner function, as the build process receives it.

    Args:
        id: `"<exercise id>:<build name>"`.
        exercise: The exercise id.
        function: The name of the learner's function.
        kwargs: Its keyword arguments.
        tensor_inputs: For a layer-like function: the shape of the Keras
            input `x` it is called on; empty otherwise.
        given: The name of a model the exercise gives the function
            (`given_<name>` in the exercise module); empty for none.
        seed: The random seed set before the call.
        saves_given: Save the given model after the call instead of the
            function's return value.
        out: Where to save the model (set by the sandbox).
    """

    id: str
    exercise: str
    function: str
    kwargs: dict = dataclasses.field(default_factory=dict)
    tensor_inputs: tuple = ()
    given: str = ""
    seed: int = 0
    saves_given: bool = False
    out: str = ""

    def __post_init__(self):
        object.__setattr__(self, "tensor_inputs", tuple(self.tensor_inputs))

    @classmethod
    def of(cls, exercise, build) -> BuildTask:
        """The task of one `exercise.Build` of an `exercise.Exercise`."""
        return cls(
            id=f"{exercise.id}:{build.name}",
            exercise=exercise.id,
            function=exercise.function,
            kwargs=dict(build.kwargs),
            tensor_inputs=tuple(build.tensor_inputs),
            given=build.given,
            seed=build.seed,
            saves_given=build.saves_given,
        )

    def to_json(self) -> dict:
        """The task as a JSON object."""
        return dict(dataclasses.asdict(self), tensor_inputs=list(self.tensor_inputs))

    @classmethod
    def from_json(cls, data: dict) -> BuildTask:
        """Inverse of `to_json`."""
        return cls(**_fields(cls, data))


class BuildStatus(enum.StrEnum):
    """How one call of a learner function ended."""

    OK = "ok"
    NOT_ATTEMPTED = "not attempted"  # the release's untouched stub
    MISSING_FUNCTION = "missing function"
    WRONG_RETURN = "wrong return type"
    RAISED = "raised"
    TIMED_OUT = "timed out"
    OUT_OF_MEMORY = "out of memory"
    CRASHED = "crashed"  # the process ended or was killed by a signal
    NOT_RUN = "not run"


@dataclasses.dataclass(frozen=True)
class BuildOutcome:
    """What became of one `BuildTask`.

    Args:
        status: A `BuildStatus`.
        path: The saved `.keras` file when the status is `OK`.
        error: Why there is no model, in words for the learner.
        info: Facts the build process noted (returned type, nesting).
    """

    status: BuildStatus
    path: str = ""
    error: str = ""
    info: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "status", BuildStatus(self.status))

    @property
    def ok(self) -> bool:
        """Whether a model was saved."""
        return self.status is BuildStatus.OK

    def to_json(self) -> dict:
        """The outcome as a JSON object."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> BuildOutcome:
        """Inverse of `to_json`."""
        return cls(**_fields(cls, data))


class EventKind(enum.StrEnum):
    """What the build process reports, in the order it happens."""

    READY = "ready"  # Keras imported, before any learner code runs
    CELL_START = "cell_start"
    CELL_ERROR = "cell_error"
    CELLS_DONE = "cells_done"
    CELLS_FAILED = "cells_failed"  # a fatal cell raised: no task is run
    START = "start"  # a task starts
    DONE = "done"  # a task ended, with its status
    FINISHED = "finished"  # everything is reported


@dataclasses.dataclass(frozen=True)
class ProgressEvent:
    """One line of the build process's progress file.

    Learner code can write that file too: the parent trusts no event for its
    clocks except the first `READY` of each process (see `sandbox.Watcher`).

    Args:
        kind: An `EventKind`.
        label: The cell (`CELL_START`, `CELL_ERROR`).
        task: The task id (`START`, `DONE`).
        status: How the task or cell ended (`DONE`, `CELL_ERROR`).
        error: The learner's error, in words (`DONE`, `CELL_ERROR`).
        info: Facts about the call (`DONE`).
    """

    kind: EventKind
    label: str = ""
    task: str = ""
    status: BuildStatus | None = None
    error: str = ""
    info: dict = dataclasses.field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "kind", EventKind(self.kind))
        if self.status is not None:
            object.__setattr__(self, "status", BuildStatus(self.status))
        for name in ("label", "task", "error"):
            object.__setattr__(self, name, str(getattr(self, name)))
        if not isinstance(self.info, dict):
            raise TypeError(f"Expected `info` to be a dict. Received: {type(self.info).__name__}")

    def to_json(self) -> dict:
        """The event as a JSON object, without empty fields."""
        data = {"kind": self.kind.value}
        for name in ("label", "task", "status", "error", "info"):
            if value := getattr(self, name):
                data[name] = value.value if isinstance(value, enum.Enum) else value
        return data

    @classmethod
    def from_json(cls, data: dict) -> ProgressEvent:
        """Inverse of `to_json`.

        Raises:
            ValueError: for an unknown kind or status.
            TypeError: for fields of the wrong type.
        """
        if not isinstance(data, dict):
            raise TypeError(f"Expected a JSON object. Received: {type(data).__name__}")
        return cls(**_fields(cls, data))

    def line(self) -> str:
        """The event as one line of the progress file."""
        return json.dumps(self.to_json()) + "\n"


class Group(enum.StrEnum):
    """The nbgrader grade cell that scores a check."""

    VISIBLE = "visible"  # the test cell the learner sees
    HIDDEN = "hidden"  # the hidden tests, run when graded


class CheckStatus(enum.StrEnum):
    """How one check ended."""

    PASSED = "passed"
    FAILED = "failed"
    SKIPPED = "skipped"  # a check it needs did not pass
    GRADER_ERROR = "grader error"  # the grader could not judge: not the learner's fault


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """The verdict of one check on one submission.

    Args:
        check: Stable name of the check, e.g. `"param_count"`.
        status: A `CheckStatus`.
        expected: What a correct submission gives, in words and numbers.
        received: What this submission gave.
        next_step: What to look at next (empty when passed).
        group: The `Group`: the nbgrader grade cell that scores this check.
    """

    check: str
    status: CheckStatus
    expected: str = ""
    received: str = ""
    next_step: str = ""
    group: Group = Group.VISIBLE

    def __post_init__(self):
        object.__setattr__(self, "status", CheckStatus(self.status))
        object.__setattr__(self, "group", Group(self.group))

    @property
    def passed(self) -> bool:
        """Whether the submission satisfies the check."""
        return self.status is CheckStatus.PASSED

    def contract_json(self) -> dict:
        """The contract's `--json` object: `check`, `passed`, `expected`,
        `received`, `message` (the next step)."""
        return {
            "check": self.check,
            "passed": self.passed,
            "expected": self.expected,
            "received": self.received,
            "message": self.next_step,
        }

    def to_json(self) -> dict:
        """Every field, as a JSON object."""
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: dict) -> CheckResult:
        """Inverse of `to_json`."""
        return cls(**_fields(cls, data))
