"""What an exercise is: its contract, how the sandbox calls it, and its checks."""

from __future__ import annotations

import dataclasses
from typing import Any


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
    """

    name: str
    kwargs: dict[str, Any] = dataclasses.field(default_factory=dict)
    tensor_inputs: tuple[int | None, ...] = ()
    given: str = ""
    seed: int = 0


@dataclasses.dataclass(frozen=True)
class Exercise:
    """The contract of one graded exercise (see `EXERCISES.md`).

    Args:
        id: Stable id, e.g. `"qa_model"`; also the nbgrader `grade_id` prefix.
        function: Name of the function the learner defines.
        signature: The function's signature with its defaults, for messages.
        summary: One line on what the function must build.
        builds: The calls the sandbox makes; the first is the defaults.
        hint: A nudge for a learner who is stuck, without the solution.
        checks: The `checks.framework.Check`s, coarse to fine, that the judge
            process runs on the loaded models (see `autograder.judge`).
    """

    id: str
    function: str
    signature: str
    summary: str
    builds: tuple[Build, ...]
    hint: str
    checks: tuple = ()
