"""The kit's own Python is ruff-clean and ruff-formatted (lessons and learner samples excluded)."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

PATHS = ["autograder", "tools", "tests", "solutions", "benchmarks"]


def test_ruff_check_passes():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", *PATHS], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_ruff_format_leaves_nothing_to_change():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", *PATHS],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout
