"""The grader's Python API: what the command line, nbgrader and notebooks call."""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import pathlib
import tempfile

from autograder import exercises
from autograder.protocol import (
    DEFAULT_LIMITS,
    BuildOutcome,
    BuildTask,
    CheckResult,
    CheckStatus,
    Group,
    Limits,
)
from autograder.sandbox import run_builds
from autograder.submission import Cell, read_cells
from autograder.warm_judge import WarmJudge


def tasks_for(exercise_ids: list[str], group: Group | str | None = None) -> list[BuildTask]:
    """The build tasks of the given exercises, in order.

    Args:
        exercise_ids: Ids from `exercises.IDS`.
        group: Only the builds that this group's checks need
            (`exercise.Exercise.part`); `None` (default) for every build.
    """
    tasks = []
    for exercise_id in exercise_ids:
        exercise = exercises.get(exercise_id)
        tasks += [BuildTask.of(exercise, build) for build in exercise.part(group)[0]]
    return tasks


def _grader_failure(reason: str) -> list[CheckResult]:
    return [
        CheckResult(
            "grader",
            CheckStatus.GRADER_ERROR,
            expected="The grader judges the saved models.",
            received=reason,
            next_step="This is a problem of the grader or of its machine, not of your code: "
            "tell your instructor.",
        )
    ]


def _run_judge(
    exercise_ids,
    outcomes: dict[str, BuildOutcome],
    workdir: pathlib.Path,
    limits: Limits,
    extra,
    judge: WarmJudge,
) -> dict[str, list[CheckResult]]:
    job, out = workdir / "judge-job.json", workdir / "judge-results.json"
    outcomes = {k: v.to_json() for k, v in outcomes.items()}
    job.write_text(
        json.dumps({"exercises": exercise_ids, "outcomes": outcomes, **extra}),
        encoding="utf-8",
    )
    failure = judge.run(job, out, limits.judge_seconds)
    if failure or not out.is_file():
        reason = failure or "The judge wrote no results."
        return {e: _grader_failure(reason) for e in exercise_ids}
    data = json.loads(out.read_text(encoding="utf-8"))
    return {e: [CheckResult.from_json(r) for r in data[e]] for e in exercise_ids}


def check_cells(
    exercise_ids: list[str],
    cells: list[Cell],
    *,
    limits: Limits = DEFAULT_LIMITS,
    hide: list[str] = (),
    judge: WarmJudge | None = None,
    group: Group | str | None = None,
) -> dict[str, list[CheckResult]]:
    """Grades several exercises of one submission with one build process.

    Args:
        exercise_ids: Ids from `exercises.IDS` whose checks exist.
        cells: The submission's code (`submission.read_cells`).
        limits: The `protocol.Limits` on the learner code and the judge.
        hide: Directories the learner code must not see (e.g. the course
            being graded), besides the kit's own private folders.
        judge: A `warm_judge.WarmJudge` to judge in; `None` (default) starts a
            fresh judge process for this submission alone, started as the
            build process starts.
        group: Only what this group's checks need (`Group.VISIBLE` for a
            visible test cell): the results hold the checks up to the
            group's last one, the same as in a whole run
            (`exercise.Exercise.part`). `None` (default): every check.

    Returns:
        Exercise id -> its `CheckResult`s, coarse to fine.

    Raises:
        KeyError: for an id not in the contract.
        exercises.NotImplementedYet: for an id without checks yet.
    """
    return check_cells_report(
        exercise_ids, cells, limits=limits, hide=hide, judge=judge, group=group
    ).results


@dataclasses.dataclass
class Report:
    """Everything one run of the pipeline learned about a submission.

    Args:
        results: Exercise id -> its `CheckResult`s, coarse to fine.
        outcomes: Task id (`"<exercise id>:<build name>"`) -> how the build
            process's call ended, a `protocol.BuildOutcome`.
        diagrams: File name -> PNG bytes of the `plot_model` diagrams the
            judge drew (`<exercise>__<build>.png`, and
            `<exercise>__<build>__reference.png`); empty unless asked for.
        startup_seconds: Keras's start-up in each build process (not
            learner time).
        learner_seconds: Wall time the learner code ran, in all.
    """

    results: dict[str, list[CheckResult]]
    outcomes: dict[str, BuildOutcome]
    diagrams: dict[str, bytes] = dataclasses.field(default_factory=dict)
    startup_seconds: list[float] = dataclasses.field(default_factory=list)
    learner_seconds: float = 0.0


def check_cells_report(
    exercise_ids: list[str],
    cells: list[Cell],
    *,
    limits: Limits = DEFAULT_LIMITS,
    hide: list[str] = (),
    diagrams: bool = False,
    reference: str | os.PathLike | None = None,
    judge: WarmJudge | None = None,
    group: Group | str | None = None,
) -> Report:
    """`check_cells`, plus how each build ended and, if asked, diagrams.

    The self-study checks (`autograder.selfstudy`) use this to tell "not
    attempted" and "raised an error" from "incorrect", and to show a failed
    wiring check as a diagram. Learner code runs only in the build process,
    as for `check_cells`.

    Args:
        exercise_ids: Ids from `exercises.IDS` whose checks exist.
        cells: The submission's code (`submission.read_cells`).
        limits: The `protocol.Limits` on the learner code and the judge.
        hide: Directories the learner code must not see.
        diagrams: When a wiring check fails, the judge draws the learner's
            model with `keras.utils.plot_model` (default `False`).
        reference: A folder of reference solutions (`<exercise id>.py`): with
            `diagrams`, the judge also builds the reference model and draws
            it. Only for self-study; the build process never sees it.
        judge: A `warm_judge.WarmJudge` to judge in; `None` (default) starts a
            fresh judge process for this submission alone, started as the
            build process starts.
        group: As for `check_cells`.

    Returns:
        A `Report`.

    Raises:
        KeyError: for an id not in the contract.
        exercises.NotImplementedYet: for an id without checks yet.
    """
    for exercise_id in exercise_ids:
        exercises.get(exercise_id)
    # Without a warm judge, a fresh one serves this submission alone (`max_jobs=1`).
    # Either way it starts now, so that its Keras imports while the build process runs.
    own = WarmJudge(max_jobs=1) if judge is None else contextlib.nullcontext(judge)
    with own as judge, tempfile.TemporaryDirectory(prefix="autograder-") as tmp:
        judge.start()
        workdir = pathlib.Path(tmp)
        build_dir = workdir / "build"
        build_dir.mkdir()
        built = run_builds(
            cells, tasks_for(exercise_ids, group), build_dir, limits=limits, hide=list(hide)
        )
        extra, drawn = {}, workdir / "diagrams"
        if group is not None:
            extra["group"] = Group(group).value
        if diagrams:
            drawn.mkdir()
            extra["diagrams"] = {"dir": str(drawn), "reference": str(reference or "") or None}
        results = _run_judge(list(exercise_ids), built.outcomes, workdir, limits, extra, judge)
        pictures = {p.name: p.read_bytes() for p in sorted(drawn.glob("*.png"))} if diagrams else {}
        return Report(
            results=results,
            outcomes=built.outcomes,
            diagrams=pictures,
            startup_seconds=built.startup_seconds,
            learner_seconds=built.learner_seconds,
        )


def check(
    exercise_id: str,
    path: str | os.PathLike,
    *,
    limits: Limits = DEFAULT_LIMITS,
    judge: WarmJudge | None = None,
) -> list[CheckResult]:
    """Grades one exercise of a submission file.

    Args:
        exercise_id: e.g. `"qa_model"` (see `python -m autograder list`).
        path: A `.py` file or an `.ipynb` notebook that defines the
            exercise's function.
        limits: The `protocol.Limits` on the learner code and the judge.
        judge: A `warm_judge.WarmJudge` to judge in; `None` (default) starts a
            fresh judge process for this submission alone, started as the
            build process starts.

    Returns:
        The exercise's `CheckResult`s, coarse to fine.

    Raises:
        KeyError: for an unknown exercise id.
        exercises.NotImplementedYet: for an id without checks yet.
        submission.SubmissionError: if `path` cannot be read.
    """
    exercises.get(exercise_id)
    cells = read_cells(path)
    return check_cells([exercise_id], cells, limits=limits, judge=judge)[exercise_id]
