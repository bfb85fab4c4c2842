"""What an exercise is: its contract, how the sandbox calls it, and its checks."""

from __future__ import annotations

import dataclasses
from typing import Any

from autograder.checks.framework import HINT_LEVELS, Check, Kind
from autograder.protocol import Group


@dataclasses.dataclass(frozen=True)
class Build:
    """One call of the learner's function that the sandbox makes and saves.

    Args:
        name: Key of the saved model, e.g. `"default"` or `"other_sizes"`.
        kwargs: Keyword arguments passed to the learner's function.
        tensor_inputs: For functions that take a tensor `x` (e.g.
            `inception_module`), the shape (without the batch axis) of the
            `keras.Input` passed as `x`; the result is wrapped in
            `keras.Model(x, result)`. Empty for functions that return a model.
        given: For functions that take a model (e.g. `compile_social_model`),
            the name of a factory in the exercise module, `given_<name>(seed)`,
            that makes it; the function's return value (or, if it returns
            `None`, the given model itself) is saved.
        seed: Seed set with `keras.utils.set_random_seed` just before the call.
        saves_given: For a `given` build: save the given model as it is after
            the call, in place of the return value, so that the judge can
            tell whether the function changed it (e.g. `feature_extractor`).
    """

    name: str
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)
    tensor_inputs: tuple[int | None, ...] = ()
    given: str = ""
    seed: int = 0
    saves_given: bool = False


@dataclasses.dataclass(frozen=True)
class Exercise:
    """The contract of one graded exercise (see `EXERCISES.md`).

    Args:
        id: Stable id, e.g. `"qa_model"`; also the nbgrader `grade_id` prefix.
        function: Name of the function the learner defines.
        signature: The function's signature with its defaults, for messages.
        summary: One line on what the function must build.
        builds: The calls the sandbox makes; the first is the defaults.
        hints: Hints in levels, from a nudge (level 1) to the key line (the
            last level), none of them the whole solution; `ex.<id>.hint()`
            shows the next level at each call, and feedback points to the
            level of the first failed check (`hint_level`).
        checks: The `checks.framework.Check`s, coarse to fine, that the judge
            process runs on the loaded models (see `autograder.judge`).

    Raises:
        ValueError: if the checks' declarations are inconsistent (see
            `declaration_problems`), so that a typo fails at import.
    """

    id: str
    function: str
    signature: str
    summary: str
    builds: tuple[Build, ...]
    hints: tuple[str, ...]
    checks: tuple[Check, ...] = ()

    def __post_init__(self):
        problems = declaration_problems(self.builds, self.checks)
        if not self.hints or not all(isinstance(h, str) and h for h in self.hints):
            problems.append("`hints` must be a non-empty tuple of non-empty strings.")
        for check in self.checks:
            if isinstance(check, Check) and check.hint > len(self.hints):
                problems.append(
                    f"Check `{check.name}` points to hint {check.hint}, but the exercise has "
                    f"{len(self.hints)} hint levels."
                )
        if problems:
            raise ValueError(f"Exercise `{self.id}`: " + " ".join(problems))

    def hint_level(self, check: Check) -> int:
        """The hint level that helps when `check` is the first check to fail.

        Args:
            check: One of the exercise's `checks`.

        Returns:
            `check.hint` when declared, else the level of its kind
            (`checks.framework.HINT_LEVELS`), at most `len(hints)`.
        """
        return check.hint or min(HINT_LEVELS[check.kind], len(self.hints))

    def part(self, group: Group | str | None) -> tuple[tuple[Build, ...], tuple[Check, ...]]:
        """The builds and checks that one grade cell's verdict needs.

        The checks up to the last one of `group`, and the builds up to the
        last one these declare: a prefix of each. The build process and the
        judge run them exactly as for the whole exercise (same order, same
        seeds, same state before each), so the results of `group`'s checks
        are the whole exercise's. For the visible group that leaves out the
        hidden builds and checks (other sizes, training), which a visible
        test cell does not show.

        Args:
            group: A `protocol.Group` (or its value); `None` for everything.

        Returns:
            `(builds, checks)`.
        """
        if group is None:
            return self.builds, self.checks
        group = Group(group)
        last = max((i for i, c in enumerate(self.checks) if c.group is group), default=-1)
        checks = self.checks[: last + 1]
        names = [b.name for b in self.builds]
        end = max((names.index(c.build) + 1 for c in checks), default=0)
        return self.builds[:end], checks


def declaration_problems(builds: tuple[Build, ...], checks: tuple) -> list[str]:
    """What is wrong with an exercise's check declarations.

    Args:
        builds: The exercise's `Build`s.
        checks: Its `Check`s, coarse to fine.

    Returns:
        One sentence per problem, empty when the declarations are valid:
        unique build and check names, every check's `build` among `builds`,
        every build used by a check, each need the name of an earlier check,
        groups and kinds from their enums.
    """
    problems = []
    build_names = [b.name for b in builds]
    if len(set(build_names)) != len(build_names):
        problems.append(f"Build names repeat. Received: {build_names}.")
    for build in builds:
        if build.saves_given and not build.given:
            problems.append(f"Build `{build.name}` saves the given model but has no `given`.")
    names = [c.name for c in checks if isinstance(c, Check)]
    seen: set[str] = set()
    for check in checks:
        if not isinstance(check, Check):
            problems.append(f"Not a `Check`. Received: {check!r}.")
            continue
        if check.name in seen:
            problems.append(f"Check `{check.name}` is declared twice.")
        if check.build not in build_names:
            problems.append(
                f"Check `{check.name}` is about build `{check.build}`, which is not one of "
                f"the exercise's builds {build_names}."
            )
        if not isinstance(check.group, Group) or not isinstance(check.kind, Kind):
            problems.append(f"Check `{check.name}` has no valid group and kind.")
        for need in check.needs:
            if need not in seen:
                where = (
                    "itself"
                    if need == check.name
                    else ("a later check" if need in names else "no check of this exercise")
                )
                problems.append(
                    f"Check `{check.name}` needs `{need}`, which is {where}: needs must name "
                    "earlier checks."
                )
        seen.add(check.name)
    used = {c.build for c in checks if isinstance(c, Check)}
    for name in build_names:
        if name not in used:
            problems.append(f"Build `{name}` is used by no check.")
    return problems
