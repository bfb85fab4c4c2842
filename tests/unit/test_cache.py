"""Class-grading cache keys and stored verdicts, without judging anything."""

from __future__ import annotations

import dataclasses
import json

import pytest
from traitlets.config.loader import KVArgParseConfigLoader

from autograder.nbgrader import cache
from autograder.protocol import DEFAULT_LIMITS, CheckResult, CheckStatus, Limits
from autograder.submission import Cell

CELLS = [
    Cell(source="import keras", label="cell 1", fatal=False),
    Cell(source="def build_qa_model():\n    return 1", label="cell 2", fatal=False),
]
IDS = ["functional_mlp", "qa_model"]


def test_the_same_inputs_give_the_same_key():
    again = [Cell(source=c.source, label=c.label, fatal=c.fatal) for c in CELLS]
    assert cache.key(IDS, CELLS, DEFAULT_LIMITS) == cache.key(list(IDS), again, Limits())


@pytest.mark.parametrize(
    "change",
    [
        lambda ids, cells, limits: (
            ids,
            [*cells[:1], dataclasses.replace(cells[1], source="x")],
            limits,
        ),
        lambda ids, cells, limits: (
            ids,
            [*cells[:1], dataclasses.replace(cells[1], label="c")],
            limits,
        ),
        lambda ids, cells, limits: (
            ids,
            [*cells[:1], dataclasses.replace(cells[1], fatal=True)],
            limits,
        ),
        lambda ids, cells, limits: (ids, cells[:1], limits),
        lambda ids, cells, limits: (ids, cells[::-1], limits),
        lambda ids, cells, limits: (ids[:1], cells, limits),
        lambda ids, cells, limits: (ids[::-1], cells, limits),
    ]
    + [
        lambda ids, cells, limits, f=field: (
            ids,
            cells,
            dataclasses.replace(limits, **{f.name: getattr(limits, f.name) + 1}),
        )
        for field in dataclasses.fields(Limits)
    ],
)
def test_any_change_of_cells_exercises_or_limits_changes_the_key(change):
    assert cache.key(*change(IDS, CELLS, DEFAULT_LIMITS)) != cache.key(IDS, CELLS, DEFAULT_LIMITS)


def test_a_new_version_of_the_kit_changes_the_key(monkeypatch):
    before = cache.key(IDS, CELLS, DEFAULT_LIMITS)
    monkeypatch.setattr(cache, "__version__", "99.0")
    assert cache.key(IDS, CELLS, DEFAULT_LIMITS) != before


def test_limits_that_went_through_nbgrader_flags_give_the_same_key(monkeypatch):
    monkeypatch.delenv("AUTOGRADER_JUDGED_OUTSIDE", raising=False)
    from autograder.nbgrader.judge_cells import JudgeGradeCells

    graded = dataclasses.replace(DEFAULT_LIMITS, seconds=45, memory_gib=2)  # ints, as `grade` gets
    flag = f"--JudgeGradeCells.limits={json.dumps(graded.to_json())}"
    config = KVArgParseConfigLoader(argv=[flag]).load_config()
    received = Limits.from_json(json.loads(JudgeGradeCells(config=config).limits))
    assert cache.key(IDS, CELLS, received) == cache.key(IDS, CELLS, graded)


def test_a_stored_verdict_loads_with_its_statuses_and_groups(tmp_path):
    results = {
        "qa_model": [
            CheckResult("builds", CheckStatus.PASSED, received="a model"),
            CheckResult("wiring", CheckStatus.FAILED, "a", "b", "c", group="hidden"),
            CheckResult("learns", CheckStatus.SKIPPED, next_step="Not checked: ..."),
        ],
        "functional_mlp": [CheckResult("grader", CheckStatus.GRADER_ERROR, received="boom")],
    }
    cache.store(tmp_path, "k", results)
    assert cache.load(tmp_path, "k") == results
    assert [p.name for p in tmp_path.iterdir()] == ["k.json"]  # no temporary file left


@pytest.mark.parametrize(
    "text",
    [
        "{not json",
        '{"qa_model": [{"check": "x"}]}',
        '{"qa_model": [{"check": "x", "status": "great"}]}',
        "[1]",
    ],
)
def test_a_stored_verdict_that_does_not_load_is_a_miss(tmp_path, text):
    (tmp_path / "k.json").write_text(text, encoding="utf-8")
    assert cache.load(tmp_path, "k") is None
    assert cache.load(tmp_path, "absent") is None
