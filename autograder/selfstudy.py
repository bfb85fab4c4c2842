"""Self-study: `check()`, `hint()` and `solution()` for every exercise.

The same checks as grading, all of them (visible and hidden), for learners
who work on their own. The function is never judged in this process: its
code (the notebook's input history, or the source of the file that defines
it) goes to the build process and the verdict comes from the judge process,
through `autograder.api` as for `autograder.notebook` and the command line.

Example:

```python
from autograder import selfstudy as ex

ex.qa_model.check(build_qa_model)   # last line of a cell: shown as a table
ex.qa_model.hint()      # the next hint level at each call, nudge first
ex.qa_model.hint(2)     # a given level (the verdict names the one for its first failure)
ex.qa_model.solution()
```

A check ends in one of four outcomes (`Outcome`): not attempted (the
function is still the release's `raise NotImplementedError()`), error (the code raised, hung or
crashed before the model could be checked), incorrect (a check failed) or
correct. An untouched answer cell is "not attempted", never "incorrect".
When a wiring check fails, the rich display shows the learner's `plot_model`
diagram beside the reference's.

Solutions are read from `solutions/<exercise id>.py` next to the
`autograder` package, or from the folder named by the environment variable
`AUTOGRADER_SOLUTIONS` (set it to an empty string to turn solutions off).
An nbgrader release has neither, and `solution()` says so.
"""

from __future__ import annotations

import dataclasses
import enum
import inspect
import os
import pathlib
import sys

from autograder import api, edition, exercises, hints, render
from autograder.protocol import DEFAULT_LIMITS, BuildOutcome, BuildStatus, CheckResult, CheckStatus
from autograder.submission import Cell

ROOT = pathlib.Path(__file__).resolve().parent.parent
SOLUTIONS_ENV = "AUTOGRADER_SOLUTIONS"
FIGURES = ROOT / "figures"
#: Lesson diagrams of the default model of an exercise: the reference shown
#: beside a failed wiring check where no reference solution is available.
LESSON_FIGURES = {
    "functional_mlp": "01_functional_mlp.png",
    "qa_model": "01_qa_model.png",
    "shared_lstm": "05_shared_lstm.png",
}


class Outcome(enum.StrEnum):
    """How a self-study check ended."""

    NOT_ATTEMPTED = "not attempted"
    ERROR = "error"
    INCORRECT = "incorrect"
    CORRECT = "correct"
    NOT_CHECKED = "not checked"  # the grader's own problem, not the learner's


@dataclasses.dataclass(frozen=True)
class Message:
    """Text for the learner, with optional code; shown as Markdown in Jupyter.

    Args:
        text: One or more sentences (`code` in backticks).
        code: Python source shown as a code block (default: none).
    """

    text: str
    code: str = ""

    def __str__(self) -> str:
        return self.text + (f"\n\n{self.code.rstrip()}\n" if self.code else "")

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        return self.text + (f"\n\n```python\n{self.code.rstrip()}\n```\n" if self.code else "")


@dataclasses.dataclass(frozen=True)
class Results:
    """The verdict of a self-study check, as a table in Jupyter and text elsewhere.

    Args:
        exercise_id: e.g. `"qa_model"`.
        function: The name of the exercise's function, e.g. `"build_qa_model"`.
        outcome: An `Outcome`.
        checks: The `CheckResult`s, coarse to fine, visible and hidden.
        diagrams: `(caption, learner PNG, reference PNG, reference caption)`
            for each build whose wiring check failed (default: none).
    """

    exercise_id: str
    function: str
    outcome: Outcome
    checks: tuple[CheckResult, ...]
    diagrams: tuple[tuple, ...] = ()

    @property
    def passed(self) -> bool:
        """True when every check passed."""
        return self.outcome is Outcome.CORRECT

    @property
    def failed(self) -> list[CheckResult]:
        """The failed checks, first failure first."""
        return [r for r in self.checks if not r.passed]

    @property
    def headline(self) -> str:
        """One or two sentences: the outcome and what to do next."""
        n, f = len(self.checks), f"`{self.function}`"
        if self.outcome is Outcome.CORRECT:
            return f"Correct: {f} passes all {n} checks."
        if self.outcome is Outcome.NOT_ATTEMPTED:
            return (
                f"Not attempted yet: {f} still raises `NotImplementedError`. Write your code "
                "in place of `raise NotImplementedError()`, run that cell, then this one. "
                f"Stuck? `ex.{self.exercise_id}.hint()`"
            )
        stuck = hints.pointer(self.exercise_id, list(self.checks))
        if self.outcome is Outcome.ERROR:
            return (
                f"Error: {f} did not give a model to check (it raised an error, or did not "
                f"finish). Fix the error shown under `received` first. {stuck}"
            ).rstrip()
        if self.outcome is Outcome.NOT_CHECKED:
            return (
                "Not checked: the grader could not judge the model. This is a problem of the "
                "grader or of this machine, not of your code."
            )
        failed = [r for r in self.failed if r.status is not CheckStatus.SKIPPED]
        waiting = len(self.failed) - len(failed)
        later = f" ({waiting} more not checked until then)" if waiting else ""
        return (
            f"Not yet: {len(failed)} of {n} checks failed{later}. Start with the first, "
            f"`{(failed or self.failed)[0].check}`: the ones after it often follow from it. "
            f"{stuck}"
        ).rstrip()

    def __str__(self) -> str:
        if self.outcome is Outcome.NOT_ATTEMPTED:
            return f"{self.exercise_id}: {self.headline}"
        return f"{self.headline}\n\n{render.text(self.exercise_id, list(self.checks))}"

    __repr__ = __str__

    def _repr_html_(self) -> str:
        return render.html(
            self.exercise_id,
            list(self.checks),
            headline=self.headline,
            outcome=self.outcome.value,
            details=self.outcome is not Outcome.NOT_ATTEMPTED,
            diagrams=list(self.diagrams),
        )


def solutions_dir() -> pathlib.Path | None:
    """The folder of reference solutions in this setting, or `None`.

    `AUTOGRADER_SOLUTIONS` when set (empty: none), else `solutions/` next to
    the `autograder` package; never while nbgrader runs a notebook, never in
    the student kit (`autograder.edition`).
    """
    if os.environ.get("NBGRADER_EXECUTION") or edition.EDITION == edition.STUDENT:
        return None
    value = os.environ.get(SOLUTIONS_ENV)
    folder = pathlib.Path(value) if value else (None if value is not None else ROOT / "solutions")
    return folder if folder is not None and folder.is_dir() else None


def _in_build_process() -> bool:
    from autograder.notebook import grader_is_outside

    return os.environ.get("AUTOGRADER_SANDBOX") == "1" or grader_is_outside()


def _shell():
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    return get_ipython()


def learner_cells(exercise, function=None) -> list[Cell]:
    """The code the build process runs for a self-study check.

    In IPython, for a function defined in the notebook (module `__main__`):
    the kernel's input history, as `autograder.notebook` sends it. Otherwise:
    the whole source file that defines the function. A function of
    another name is bound to the exercise's name after that code.

    Args:
        exercise: The `autograder.exercise.Exercise`.
        function: The learner's function, or `None` for the one named
            `exercise.function` in the notebook or the running script.

    Returns:
        A list of `Cell`.

    Raises:
        TypeError: if `function` is not a named function.
        ValueError: if its source cannot be found.
    """
    from autograder import notebook

    if function is not None and not callable(function):
        raise TypeError(
            f"Expected the function, e.g. `ex.{exercise.id}.check({exercise.function})`. "
            f"Received: {type(function).__name__}."
        )
    name = getattr(function, "__name__", exercise.function)
    if not name.isidentifier():
        raise TypeError(f"Expected a function defined with `def`. Received: {name}.")
    module_name = getattr(function, "__module__", "__main__")
    if module_name == "__main__" and _shell() is not None:
        cells = notebook._kernel_history()
    else:
        try:
            where = function if function is not None else sys.modules["__main__"]
            path = pathlib.Path(inspect.getsourcefile(where) or "")
            source = path.read_text(encoding="utf-8")
        except (OSError, TypeError, KeyError):
            raise ValueError(
                f"Cannot find the source code of `{name}`. Define it in a notebook or in a "
                f".py file. Received: a function of module {module_name!r}."
            ) from None
        cells = [Cell(source=source, label=path.name, fatal=True)]
    if name != exercise.function:
        cells.append(Cell(source=f"{exercise.function} = {name}", label="check", fatal=True))
    return cells


#: Build statuses where the function ran and gave the wrong thing: incorrect,
#: not an error.
_RAN = (BuildStatus.OK, BuildStatus.WRONG_RETURN)


def classify(exercise, results: list[CheckResult], outcomes: dict[str, BuildOutcome]) -> Outcome:
    """The `Outcome` of a check, from the judge's results and the build outcomes.

    Args:
        exercise: The `autograder.exercise.Exercise`.
        results: The judge's `CheckResult`s.
        outcomes: Task id -> `protocol.BuildOutcome`, see `api.Report`.

    Returns:
        An `Outcome`, decided from the statuses alone.
    """
    if any(r.status is CheckStatus.GRADER_ERROR for r in results):
        return Outcome.NOT_CHECKED
    if results and all(r.passed for r in results):
        return Outcome.CORRECT
    builds = [outcomes.get(f"{exercise.id}:{b.name}") for b in exercise.builds]
    if builds[0] is not None and builds[0].status is BuildStatus.NOT_ATTEMPTED:
        return Outcome.NOT_ATTEMPTED
    if any(b is not None and b.status not in _RAN for b in builds):
        return Outcome.ERROR
    return Outcome.INCORRECT


def _call_text(exercise, build) -> str:
    """`residual_block(x, downsample=True)`: how the build process calls the function."""
    args = ["x"] if build.tensor_inputs else (["model"] if build.given else [])
    args += [f"{k}={v!r}" for k, v in build.kwargs.items()]
    return f"{exercise.function}({', '.join(args)})"


def _diagrams(exercise, report: api.Report) -> tuple[tuple, ...]:
    out = []
    for build in exercise.builds:
        learner = report.diagrams.get(f"{exercise.id}__{build.name}.png")
        if learner is None:
            continue
        caption = f"`{_call_text(exercise, build)}`"
        reference = report.diagrams.get(f"{exercise.id}__{build.name}__reference.png")
        ref_caption = "the reference solution, same call"
        figure = FIGURES / LESSON_FIGURES.get(exercise.id, "-")
        if reference is None and build.name == exercise.builds[0].name and figure.is_file():
            reference, ref_caption = figure.read_bytes(), f"the lesson's `figures/{figure.name}`"
        out.append((caption, learner, reference, ref_caption))
    return tuple(out)


class Problem:
    """One exercise, as a learner working alone uses it: `ex.<id>.check(function)`.

    Args:
        exercise_id: An id of `autograder.exercises.IDS`.
    """

    def __init__(self, exercise_id: str):
        if exercise_id not in exercises.IDS:
            raise KeyError(f"Unknown exercise id. Received: {exercise_id!r}")
        self.id = exercise_id
        self._hints_seen = 0  # the highest hint level shown by `hint()`

    def __repr__(self) -> str:
        try:
            return f"<exercise {self.id}: {exercises.get(self.id).signature}>"
        except exercises.NotImplementedYet:
            return f"<exercise {self.id}: not implemented yet>"

    def _not_implemented(self) -> Message:
        return Message(
            f"`{self.id}` is not implemented yet: its checks, hints and solution are not "
            "written, so there is nothing to show."
        )

    def check(
        self,
        function=None,
        *,
        timeout: float = DEFAULT_LIMITS.seconds,
        memory_gib: float = DEFAULT_LIMITS.memory_gib,
    ) -> Results | Message | None:
        """Runs every check of the exercise on `function`, as grading does.

        The function's code runs in the sandboxed build process, and the
        judge process decides; nothing is judged in this process.

        Example:

        ```python
        ex.qa_model.check(build_qa_model)
        ```

        Args:
            function: The learner's function (default: the one with the
                exercise's name, e.g. `build_qa_model`, in this notebook).
            timeout: `protocol.Limits.seconds`: the time limit per exercise,
                per cell and per call.
            memory_gib: `protocol.Limits.memory_gib`: the memory cap of the
                build process.

        Returns:
            `Results` (a table in Jupyter, text elsewhere); a `Message` for
            an exercise that is not implemented yet; `None` inside the build
            process or under nbgrader, where the call does nothing.

        Raises:
            TypeError: if `function` is not a function.
            ValueError: if its source code cannot be found.
        """
        if _in_build_process():
            return None
        try:
            exercise = exercises.get(self.id)
        except exercises.NotImplementedYet:
            return self._not_implemented()
        cells = learner_cells(exercise, function)
        folder = solutions_dir()
        report = api.check_cells_report(
            [self.id],
            cells,
            limits=DEFAULT_LIMITS.tuned(seconds=timeout, memory_gib=memory_gib),
            diagrams=True,
            reference=folder,
        )
        results = report.results[self.id]
        return Results(
            exercise_id=self.id,
            function=exercise.function,
            outcome=classify(exercise, results, report.outcomes),
            checks=tuple(results),
            diagrams=_diagrams(exercise, report),
        )

    def hint(self, level: int | None = None) -> Message | None:
        """A hint towards the answer, never the whole solution.

        Hints come in levels, from a nudge (1) to the key line (the last).
        Without `level`, each call shows the next level; after the last it
        says there is no more and points to `solution()` where this setting
        ships one. A failed check's verdict names the level that helps.

        Example:

        ```python
        ex.qa_model.hint()    # level 1, then 2, 3 at the next calls
        ex.qa_model.hint(3)   # level 3 (the next call without a level gives nothing new)
        ```

        Args:
            level: The level to show, from 1 (default: the next one).

        Returns:
            A `Message` (Markdown in Jupyter): the hint, or what to do when
            `level` is out of range or every level was shown; `None` inside
            the build process.

        Raises:
            TypeError: if `level` is not an integer.
        """
        if level is not None and (isinstance(level, bool) or not isinstance(level, int)):
            raise TypeError(f"Expected a hint level such as 1 or 2. Received: {level!r}.")
        if _in_build_process():
            return None
        try:
            exercise = exercises.get(self.id)
        except exercises.NotImplementedYet:
            return self._not_implemented()
        count = len(exercise.hints)
        if level is None and self._hints_seen >= count:
            return Message(
                f"No more hints for `{self.id}`: you have seen all {count} levels "
                f"(`ex.{self.id}.hint({count})` shows the last again). {self._after_hints()}"
            )
        if level is not None and not 1 <= level <= count:
            return Message(
                f"`{self.id}` has hints at levels 1 to {count}. Received: level {level}. "
                f"`ex.{self.id}.hint()` gives the next one."
            )
        level = level or self._hints_seen + 1
        self._hints_seen = max(self._hints_seen, level)
        more = (
            f"`ex.{self.id}.hint()` gives level {level + 1}."
            if level < count
            else "This is the last level."
        )
        return Message(
            f"**Hint {level} of {count}** (`{exercise.signature}`): "
            f"{exercise.hints[level - 1]}\n\n{more}"
        )

    def _solution_path(self) -> pathlib.Path | None:
        folder = solutions_dir()
        path = folder / f"{self.id}.py" if folder else None
        return path if path is not None and path.is_file() else None

    def _after_hints(self) -> str:
        if self._solution_path() is None:
            return "This copy ships without solutions: compare your model with the lesson's."
        return f"`ex.{self.id}.solution()` shows the reference solution."

    def solution(self) -> Message | None:
        """The reference solution, where this setting has one.

        Returns:
            A `Message` with the code of `solutions/<id>.py`, or one that says
            there is no solution here (an nbgrader release, the student kit); `None`
            inside the build process.
        """
        if _in_build_process():
            return None
        try:
            exercises.get(self.id)
        except exercises.NotImplementedYet:
            return self._not_implemented()
        if edition.EDITION == edition.STUDENT:
            return Message(
                "Solutions are not part of the student kit: it ships the lessons, the visible "
                f"checks and the hints, not the reference solutions. `ex.{self.id}.hint()` "
                "gives a hint; ask your instructor for the solution."
            )
        path = self._solution_path()
        if path is None:
            return Message(
                f"No solution is available here for `{self.id}`: this is a graded release, "
                f"which ships without solutions. `ex.{self.id}.hint()` gives a hint."
            )
        return Message(f"**Solution** of `{self.id}`:", path.read_text(encoding="utf-8"))


# `ex.<id>` for every exercise id of the contract, generated from the registry:
# an id whose checks are not written yet says so instead of raising.
globals().update({exercise_id: Problem(exercise_id) for exercise_id in exercises.IDS})
