"""Shared fixtures: the repo root, the venv's Python, and running the CLI."""

from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"


def run_cli(*args: str, timeout: float = 600) -> subprocess.CompletedProcess:
    """Runs `python -m autograder ARGS` as a learner or instructor would."""
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0")
    return subprocess.run(
        [sys.executable, "-m", "autograder", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.fixture
def cli():
    return run_cli


@pytest.fixture(scope="session")
def released_course(tmp_path_factory):
    """A course with `functional_api_1` built and released (`demo.prepare`), made once.

    Tests read it; a test that grades copies it first.
    """
    from tools import demo

    course = tmp_path_factory.mktemp("released")
    demo.prepare(course, ["functional_api_1"])
    return course
