"""Verdicts stored by content: the same learner code and checks give the same results.

`python -m autograder grade` judges submissions in parallel and stores each
verdict under a key made of everything it depends on (the learner cells, the
exercise ids, the limits, the kit's version); the `JudgeGradeCells`
preprocessor inside `nbgrader autograde` then finds it instead of judging
again. A changed notebook has another key, so a stale verdict is never used.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import pathlib
import tempfile

from autograder import __version__
from autograder.protocol import CheckResult, Limits

ENV = "KIT_RESULTS_CACHE"  # the folder, set by `grade` for `nbgrader autograde`


def key(exercise_ids: list[str], cells: list, limits: Limits) -> str:
    """SHA-256 of what a verdict depends on.

    Args:
        exercise_ids: The exercises judged.
        cells: The learner's `submission.Cell`s.
        limits: The `protocol.Limits`, as its JSON (so `45` and `45.0`, or a
            limit that went through nbgrader's command-line flags, give the
            same key).

    Returns:
        A hex digest.
    """
    data = {
        "version": __version__,
        "exercises": list(exercise_ids),
        "cells": [dataclasses.asdict(c) for c in cells],
        "limits": limits.to_json(),
    }
    return hashlib.sha256(json.dumps(data, sort_keys=True).encode()).hexdigest()


def load(folder: str | os.PathLike, name: str) -> dict[str, list[CheckResult]] | None:
    """The stored verdict, or `None`."""
    path = pathlib.Path(folder) / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return {e: [CheckResult.from_json(r) for r in rs] for e, rs in data.items()}
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def store(folder: str | os.PathLike, name: str, results: dict[str, list[CheckResult]]) -> None:
    """Stores a verdict atomically (write to a temporary file, then rename)."""
    folder = pathlib.Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    data = {e: [r.to_json() for r in rs] for e, rs in results.items()}
    with tempfile.NamedTemporaryFile("w", dir=folder, delete=False, suffix=".tmp") as f:
        json.dump(data, f)
    os.replace(f.name, folder / f"{name}.json")
