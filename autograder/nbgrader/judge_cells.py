"""An nbgrader preprocessor that scores grade cells outside the learner's kernel.

Placed right after `Execute` in `Autograde.autograde_preprocessors` (see
`course/nbgrader_config.py`). For each kit grade cell it replaces the
outputs that the learner's kernel produced with the verdict of
`autograder.api.check_cells` on the submitted notebook's own code: passed ->
one line on stdout (nbgrader gives full points); failed -> the feedback text
and an error output (nbgrader gives 0). What the kernel printed, to stdout
or stderr, or patched, cannot change a score.
"""

from __future__ import annotations

import json
import os

from nbformat.v4 import new_output
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Unicode

from autograder import api, hints, render
from autograder.nbgrader import cache, grade_ids
from autograder.protocol import DEFAULT_LIMITS, CheckStatus, Limits
from autograder.submission import is_test_cell, notebook_cells


def grade_targets(nb) -> list[tuple]:
    """`(cell, exercise id, group)` for each of the kit's grade cells in `nb`."""
    targets = []
    for cell in nb.cells:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", "")
        parsed = grade_ids.parse(grade_id) if is_test_cell(cell) else None
        if parsed and parsed.group:
            targets.append((cell, parsed.exercise, parsed.group))
    return targets


def _course_root(resources) -> str:
    """The course folder, hidden from learner code: where a SQLite gradebook lives, else
    the folder nbgrader runs in (the course root, for a gradebook on a server)."""
    db_url = resources.get("nbgrader", {}).get("db_url", "")
    if db_url.startswith("sqlite:///"):
        return os.path.dirname(os.path.abspath(db_url.removeprefix("sqlite:///")))
    return os.getcwd()


def verdict_outputs(exercise_id: str, results, every=()) -> list:
    """The outputs a grade cell gets for its `CheckResult`s.

    Args:
        exercise_id: An id of `autograder.exercises.IDS`.
        results: The `CheckResult`s the cell scores.
        every: All the exercise's `CheckResult`s: when the cell's own checks
            were only skipped, the hint is the one for the first failure here.

    Returns:
        A stdout stream with the feedback (ending with the hint for the first
        failed check, as learners in nbgrader have no `ex.<id>.hint()`), and
        an error output when a check failed, so that nbgrader gives 0.
    """
    report = render.text(exercise_id, results, hint=hints.feedback(exercise_id, results, every))
    if results and all(r.passed for r in results):
        return [new_output("stream", name="stdout", text=report + "\n")]
    failed = [r.check for r in results if not r.passed]
    return [
        new_output("stream", name="stdout", text=report + "\n"),
        new_output(
            "error",
            ename="CheckFailed",
            evalue=f"{exercise_id}: failed " + ", ".join(failed),
            traceback=[f"CheckFailed: {exercise_id}: failed " + ", ".join(failed)],
        ),
    ]


class JudgeGradeCells(NbGraderPreprocessor):
    """Scores the kit's grade cells from the submitted code, outside the kernel."""

    limits = Unicode(
        json.dumps(DEFAULT_LIMITS.to_json()),
        help="The `autograder.protocol.Limits` on learner code and the judge, as JSON "
        "(missing fields take their defaults)",
    ).tag(config=True)

    results_cache = Unicode(
        os.environ.get(cache.ENV, ""),
        help="Folder of verdicts judged ahead of time by `python -m autograder grade`",
    ).tag(config=True)

    def __init__(self, **kw):
        super().__init__(**kw)
        # Kernels started after this (by Execute) skip their own checks.
        os.environ["AUTOGRADER_JUDGED_OUTSIDE"] = "1"

    def preprocess(self, nb, resources):
        targets = grade_targets(nb)
        if not targets:
            return nb, resources
        exercise_ids = list(dict.fromkeys(e for _, e, _ in targets))
        cells = notebook_cells(nb.cells)
        limits = Limits.from_json(json.loads(self.limits))
        name = cache.key(exercise_ids, cells, limits)
        results = cache.load(self.results_cache, name) if self.results_cache else None
        if results is None:
            results = api.check_cells(
                exercise_ids, cells, limits=limits, hide=[_course_root(resources)]
            )
        for cell, exercise_id, group in targets:
            mine = [
                r
                for r in results[exercise_id]
                if r.group == group or r.status is CheckStatus.GRADER_ERROR
            ]
            cell.outputs = verdict_outputs(exercise_id, mine, results[exercise_id])
        return nb, resources
