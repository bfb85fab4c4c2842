"""Running an exercise's checks, coarse to fine, each with a reason.

A `Check` declares what it is as data: the build it is about, its `Kind`,
the grade cell (`Group`) that scores it and the checks it needs. The
exercise validates these declarations when it is defined
(`autograder.exercise.Exercise`), so a typo fails at import, not at judge
time.
"""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable

from autograder.protocol import CheckResult, CheckStatus, Group


class Kind(enum.StrEnum):
    """What a check looks at, in the coarse-to-fine order of a check list."""

    BUILD = "build"  # the function returns a model (or tensor) for the build
    TYPE = "type"  # a functional `keras.Model`
    SHAPE = "shape"  # inputs and outputs: count, names, shapes, dtypes
    PARAMETERS = "parameters"  # `count_params()` of the build
    ARGUMENTS = "arguments"  # other arguments give the shapes and sizes they should
    WIRING = "wiring"  # which tensor feeds which layer
    SHARING = "sharing"  # one layer or given model called on several tensors
    OUTPUT = "output"  # activations and the values the model computes
    COMPILE = "compile"  # optimizer and compilation in place
    LOSS = "loss"  # the compiled losses and their weights
    TRAINING = "training"  # seeded fitting on small data


#: The kinds about how a model is wired: a failure is shown with diagrams.
GRAPH_KINDS = frozenset({Kind.WIRING, Kind.SHARING})

#: The hint level that helps when a check of this kind fails first, for hints
#: written nudge first: the overall shape of the answer (1), how the layers
#: are sized and wired (2), the details of the key line (3). An exercise with
#: fewer levels gives its last one; `Check(hint=...)` overrides this.
HINT_LEVELS = {
    Kind.BUILD: 1,
    Kind.TYPE: 1,
    Kind.SHAPE: 1,
    Kind.PARAMETERS: 2,
    Kind.ARGUMENTS: 2,
    Kind.WIRING: 2,
    Kind.SHARING: 2,
    Kind.OUTPUT: 3,
    Kind.COMPILE: 3,
    Kind.LOSS: 3,
    Kind.TRAINING: 3,
}


def builds_name(build: str) -> str:
    """The name of the check that `build` returns a model: `builds`, `builds_<build>`.

    Args:
        build: A build name of the exercise, e.g. `"default"` or `"other_sizes"`.

    Returns:
        `"builds"` for `"default"`, `"builds_<build>"` otherwise.
    """
    return "builds" if build == "default" else f"builds_{build}"


class Fail(Exception):
    """Raised by a check: the submission does not do what the check expects.

    Args:
        expected: What a correct submission gives.
        received: What this submission gave.
        message: What to look at next.
    """

    def __init__(self, expected: str, received: str, message: str = ""):
        super().__init__(message or expected)
        self.expected = expected
        self.received = received
        self.message = message


@dataclasses.dataclass(frozen=True)
class Check:
    """One check of an exercise, with what it is declared as data.

    Args:
        name: Stable name, shown to learners and used in `--json`.
        run: `run(models) -> str | None`; returns what it saw on success
            and raises `Fail` otherwise.
        group: The `Group` (or its value, `"visible"` or `"hidden"`) of the
            grade cell that scores it. Defaults to `Group.VISIBLE`.
        needs: Names of earlier checks of the same exercise that must pass
            before this one means anything.
        kind: What the check looks at, a `Kind` (or its value); keyword only.
            Failed `GRAPH_KINDS` checks are shown with diagrams.
        build: The name of the exercise's build whose model the check is
            about (the first it reads); keyword only. Defaults to `"default"`.
        hint: The level of the exercise's hints (1 = the nudge) that helps
            when this check is the first to fail; keyword only. Defaults to
            0: the level `HINT_LEVELS` gives its `kind` (see
            `autograder.hints`).

    Raises:
        ValueError: if `group` or `kind` is not a valid value, or `hint` is
            not an integer of at least 0.
    """

    name: str
    run: Callable
    group: Group = Group.VISIBLE
    needs: tuple[str, ...] = ()
    kind: Kind = dataclasses.field(kw_only=True)
    build: str = dataclasses.field(default="default", kw_only=True)
    hint: int = dataclasses.field(default=0, kw_only=True)

    def __post_init__(self):
        object.__setattr__(self, "group", Group(self.group))
        object.__setattr__(self, "kind", Kind(self.kind))
        object.__setattr__(self, "needs", tuple(self.needs))
        if isinstance(self.hint, bool) or not isinstance(self.hint, int) or self.hint < 0:
            raise ValueError(
                f"Check `{self.name}`: `hint` is a hint level (1 = the nudge) or 0 for the "
                f"level of its kind. Received: {self.hint!r}."
            )


def run_checks(checks: list[Check], models) -> list[CheckResult]:
    """Runs `checks` in order on `models` (a `judge.Models`).

    A check whose `needs` did not pass is reported as skipped without
    running, so that the first message is about the most basic mistake. An unexpected
    exception inside a check (Keras refusing the model, say) is a failure of
    that check with Keras's own message, never a crash of the grader.

    Returns:
        One `CheckResult` per check, in the order of `checks`.
    """
    results: dict[str, CheckResult] = {}
    for check in checks:
        blocker = next((n for n in check.needs if not results[n].passed), None)
        if blocker:
            result = CheckResult(
                check.name,
                CheckStatus.SKIPPED,
                next_step=f"Not checked: `{blocker}` must pass first.",
                group=check.group,
            )
        else:
            try:
                seen = check.run(models)
                result = CheckResult(
                    check.name, CheckStatus.PASSED, received=seen or "", group=check.group
                )
            except Fail as fail:
                result = CheckResult(
                    check.name,
                    CheckStatus.FAILED,
                    expected=fail.expected,
                    received=fail.received,
                    next_step=fail.message,
                    group=check.group,
                )
            except Exception as error:  # noqa: BLE001 - Keras rejecting the model
                text = f"{type(error).__name__}: {error}".strip()
                result = CheckResult(
                    check.name,
                    CheckStatus.FAILED,
                    expected="Keras accepts the model for this check.",
                    received=text[:1500],
                    next_step="Keras raised this error while the grader used your model.",
                    group=check.group,
                )
        results[check.name] = result
    return list(results.values())
