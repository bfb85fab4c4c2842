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
"""

from __future__ import annotations

import pathlib

import pytest

from autograder import exercises
from tests.conftest import ROOT, SHARED, run_cli


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


def all_cases() -> list:
    params = []
    for root, tag in ((SHARED / "cases", "shared"), (ROOT / "tests" / "cases", "kit")):
        for path in sorted(root.glob("*/*.py")):
            params.append(pytest.param(path, id=f"{tag}/{path.parent.name}/{path.stem}"))
    return params


@pytest.mark.parametrize("path", all_cases())
def test_case_is_judged_as_its_header_says(path):
    fields = header(path)
    exercise = fields["exercise"]
    assert exercise == path.parent.name, "a case lives in the folder of its exercise"
    assert fields["expect"] in ("pass", "fail")
    if exercise not in exercises.available():
        pytest.skip(f"{exercise} is not implemented yet")
    result = run_cli("check", exercise, str(path))
    output = result.stdout + result.stderr
    want = 0 if fields["expect"] == "pass" else 1
    assert result.returncode == want, f"{fields.get('why')}\n{output}"
    for fragment in fields["message"]:
        assert fragment in output, f"{fragment!r} not in:\n{output}"
    if want == 1:
        assert "Expected:" in output and "Received:" in output
    assert "Traceback (most recent call last)" not in output
