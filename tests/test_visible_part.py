"""A visible test cell judges only what its checks need, and says what a whole run says.

`check("<id>", "visible")` in a notebook builds and judges the prefix that
`Exercise.part(Group.VISIBLE)` gives (no hidden builds, no hidden checks).
For real submissions (catalogue cases with several visible builds, and one
that fails a visible check), its results and the cell's printed text are the
whole run's, filtered to the visible group.
"""

from __future__ import annotations

import pytest

from autograder import api, hints, render, warm_judge
from autograder.protocol import Group
from autograder.submission import read_cells
from tests.conftest import ROOT

pytestmark = pytest.mark.xdist_group("visible_part")
CASES = [
    "residual_block/07_downsample_without_projection.py",
    "feature_extractor/05_last_output_only.py",
]


def _cell_text(exercise_id, every):
    """A visible test cell's results and printed text (`autograder.notebook.check`)."""
    results = [r for r in every if r.group == Group.VISIBLE]
    hint = hints.feedback(exercise_id, results, every)
    return results, render.text(exercise_id, results, hint=hint)


@pytest.fixture(scope="module")
def runs():
    """Case -> (whole run, visible part), each a `api.Report`, judged by one warm judge."""
    out = {}
    with warm_judge.WarmJudge() as judge:
        for case in CASES:
            exercise_id = case.split("/")[0]
            cells = read_cells(ROOT / "tests" / "cases" / case)
            out[case] = (
                api.check_cells_report([exercise_id], cells, judge=judge),
                api.check_cells_report([exercise_id], cells, judge=judge, group=Group.VISIBLE),
            )
    return out


@pytest.mark.parametrize("case", CASES)
def test_the_visible_part_gives_the_whole_runs_visible_verdict(case, runs):
    exercise_id = case.split("/")[0]
    whole, part = runs[case]

    assert set(part.outcomes) < set(whole.outcomes), "hidden builds are left out"
    assert all(r.group == Group.VISIBLE for r in part.results[exercise_id])
    assert _cell_text(exercise_id, part.results[exercise_id]) == _cell_text(
        exercise_id, whole.results[exercise_id]
    )


def test_the_cases_fail_visible_checks_too(runs):
    """So that the comparison covers failure messages and hints, not only passes."""
    failed = [
        case
        for case, (_, part) in runs.items()
        if not all(r.passed for r in part.results[case.split("/")[0]])
    ]
    assert failed, "no case fails a visible check: pick one that does"
