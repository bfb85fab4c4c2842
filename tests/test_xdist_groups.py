"""`tests/xdist_groups.py`: under `-n 2 --dist loadgroup` a group runs on one worker, first.

A throwaway suite of two modules: `test_slow.py`, whose tests share a
module-scoped fixture and carry the group `LONGEST_FIRST[0]`, and
`test_quick.py`, parametrised tests in two groups plus one ungrouped test. Each
test and each fixture set-up logs its worker; the suite runs with the
project's plugin and the `addopts` of `pyproject.toml`.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib

from tests import xdist_groups
from tests.conftest import ROOT

FIRST = xdist_groups.LONGEST_FIRST[0]

SLOW = f'''
import os
import pytest

pytestmark = pytest.mark.xdist_group("{FIRST}")


@pytest.fixture(scope="module")
def started():
    with open("log.txt", "a") as f:
        f.write(f"setup {{os.environ['PYTEST_XDIST_WORKER']}}\\n")


@pytest.mark.parametrize("i", range(6))
def test_slow(i, started):
    with open("log.txt", "a") as f:
        f.write(f"slow {{os.environ['PYTEST_XDIST_WORKER']}}\\n")
'''

QUICK = """
import pytest


@pytest.mark.parametrize(
    "i", [pytest.param(i, marks=pytest.mark.xdist_group(f"quick{i % 2}")) for i in range(4)]
)
def test_quick(i):
    pass


def test_alone():
    pass
"""

CONFTEST = """
import pytest

from tests import xdist_groups


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    xdist_groups.apply(config, items)
"""


def test_each_group_runs_on_one_worker_and_the_longest_starts_first(tmp_path):
    addopts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["pytest"]["ini_options"][
        "addopts"
    ]
    for name, text in {
        "test_slow.py": SLOW,
        "test_quick.py": QUICK,
        "conftest.py": CONFTEST,
    }.items():
        (tmp_path / name).write_text(text)
    (tmp_path / "pytest.ini").write_text(f"[pytest]\naddopts = {addopts}\n")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-n", "2", "-v", "-p", "no:cacheprovider"],
        cwd=tmp_path,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    log = (tmp_path / "log.txt").read_text().split()
    assert log.count("setup") == 1, f"the module fixture is set up once. Received: {log}"
    ran = re.findall(r"\[(gw\d)\] \[ *\d+%\] PASSED (\S+)", done.stdout)
    workers: dict[str, set] = {}
    for worker, nodeid in ran:
        workers.setdefault(nodeid.partition("@")[2] or nodeid, set()).add(worker)
    assert all(len(w) == 1 for w in workers.values()), f"one worker per group: {workers}"
    assert {"quick0", "quick1", FIRST} <= set(workers), ran
    (slow_worker,) = workers[FIRST]
    first = next(nodeid for worker, nodeid in ran if worker == slow_worker)
    assert first.endswith(f"@{FIRST}"), f"LONGEST_FIRST[0] starts first. Received: {ran}"


def test_every_group_of_longest_first_is_declared_by_a_test_module():
    declared = {
        name
        for path in (ROOT / "tests").glob("test_*.py")
        for name in re.findall(r'xdist_group\(f?"(\w+)', path.read_text(encoding="utf-8"))
    }
    missing = set(xdist_groups.LONGEST_FIRST) - declared
    assert not missing, f"LONGEST_FIRST names groups no test module declares: {missing}"
