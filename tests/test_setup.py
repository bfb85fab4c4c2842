"""The set-up files agree with each other, and the README's two commands are the real ones."""

from __future__ import annotations

import re
import tomllib

from tests.conftest import ROOT


def pins_of_pyproject() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    extras = project["optional-dependencies"].values()  # dev, postgres, ...
    specs = project["dependencies"] + [spec for extra in extras for spec in extra]
    return dict(spec.split("==") for spec in specs)


def test_every_direct_dependency_is_pinned_and_locked():
    lock = dict(
        line.split("==")
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if "==" in line
    )
    lock = {k.lower().replace("_", "-"): v for k, v in lock.items()}
    for name, version in pins_of_pyproject().items():
        assert lock.get(name.lower()) == version, f"{name}=={version} is not in requirements.lock"


def test_environment_yml_repeats_the_pins_of_pyproject():
    text = (ROOT / "environment.yml").read_text()
    conda_pins = dict(re.findall(r"^\s+- ([A-Za-z0-9_.-]+)==([^\s]+)$", text, flags=re.M))
    assert conda_pins == pins_of_pyproject()
    assert re.search(r"^\s+- python=3\.11$", text, flags=re.M)
    assert re.search(r"^\s+- graphviz$", text, flags=re.M)


def test_the_stack_is_the_pinned_one():
    pins = pins_of_pyproject()
    assert pins["tensorflow-cpu"].startswith("2.21.")
    assert pins["keras"].startswith("3.15.")
    assert pins["nbgrader"].startswith("0.9.")
    assert pins["jupyterlab"].startswith("4.")


def test_readme_starts_with_the_two_commands_and_ci_runs_the_test_one():
    readme = (ROOT / "README.md").read_text()
    first_block = readme.split("```", 2)[1]
    assert "make demo" in first_block and "make test" in first_block
    assert "make test" in (ROOT / ".ci" / "run").read_text()
