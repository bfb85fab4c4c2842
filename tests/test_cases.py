"""Every example submission is judged as its header says.

Two catalogues, in the same format: `../shared/cases/<exercise>/*.py` (the
visible examples of the contract) and `tests/cases/<exercise>/*.py` (this
kit's mutant catalogue: wrong implementations and correct variants). Each
file starts with

    # exercise: residual_block
    # expect: fail
    # why: the skip is taken from the second convolution, not from x

and may add `# message: FRAGMENT` lines: text the CLI output must contain
(the check that fails, or words of its message). `expect: pass` means exit
status 0; `expect: fail` means exit status 1.

The cases of one exercise are judged in `BATCHES` batches, each as `check
EXERCISE PATH [PATH ...]` judges them (`cli.check_paths`: one build process
per case, one warm judge for the batch), each batch on one xdist worker
(`--dist loadgroup`); each case keeps its own test, holding what `check
EXERCISE PATH` prints and returns for it alone.
"""

from __future__ import annotations

import pathlib

import pytest

from autograder import cli, exercises
from tests.conftest import ROOT, SHARED


def header(path: pathlib.Path) -> dict:
    """The `# key: value` lines at the top of a case file (`message` may repeat)."""
    fields: dict = {"message": []}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("# ") or ":" not in line:
            break
        key, value = line[2:].split(":", 1)
        if key.strip() == "message":
            fields["message"].append(value.strip())
        else:
            fields[key.strip()] = value.strip()
    return fields


def case_paths() -> list[tuple[str, pathlib.Path]]:
    """`(catalogue tag, path)` of every case, both catalogues."""
    return [
        (tag, path)
        for root, tag in ((SHARED / "cases", "shared"), (ROOT / "tests" / "cases", "kit"))
        for path in sorted(root.glob("*/*.py"))
    ]


#: Batches per exercise: the cases of one exercise are split in this many
#: xdist groups, so that one exercise's catalogue keeps two workers busy.
BATCHES = 2


def batch(path: pathlib.Path) -> str:
    """The xdist group of a case: its exercise and a batch number."""
    same = [p for _, p in case_paths() if p.parent == path.parent]
    return f"cases-{path.parent.name}-{same.index(path) % BATCHES}"


def all_cases() -> list:
    return [
        pytest.param(
            path,
            id=f"{tag}/{path.parent.name}/{path.stem}",
            marks=pytest.mark.xdist_group(batch(path)),
        )
        for tag, path in case_paths()
    ]


@pytest.fixture(scope="session")
def verdict():
    """Path -> its `cli.Verdict`; the first case of a batch judges the whole batch."""
    judged: dict[str, dict] = {}

    def of(path: pathlib.Path) -> cli.Verdict:
        group = batch(path)
        if group not in judged:
            paths = [str(p) for _, p in case_paths() if batch(p) == group]
            judged[group] = {v.path: v for v in cli.check_paths(path.parent.name, paths)}
        return judged[group][str(path)]

    return of


@pytest.mark.parametrize("path", all_cases())
def test_case_is_judged_as_its_header_says(path, verdict):
    fields = header(path)
    exercise = fields["exercise"]
    assert exercise == path.parent.name, "a case lives in the folder of its exercise"
    assert fields["expect"] in ("pass", "fail")
    if exercise not in exercises.available():
        pytest.skip(f"{exercise} is not implemented yet")
    result = verdict(path)
    output = result.stdout + result.stderr
    want = 0 if fields["expect"] == "pass" else 1
    assert result.status == want, f"{fields.get('why')}\n{output}"
    for fragment in fields["message"]:
        assert fragment in output, f"{fragment!r} not in:\n{output}"
    if want == 1:
        assert "Expected:" in output and "Received:" in output
    assert "Traceback (most recent call last)" not in output
