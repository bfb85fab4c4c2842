"""The student kit's exercise modules: hidden checks dropped, visible ones intact.

`tools.student_kit.student_source` reduces each exercise module to its
visible checks; `verify` imports the result and compares it with the full
module. Here on every real exercise and on small modules written in the
forms an exercise may take (starred generators, factories, builds only
hidden checks read, `given_` factories), including the forms the reduction
must refuse.
"""

from __future__ import annotations

import ast
import importlib.util
import inspect
import textwrap

import pytest

from autograder import exercises
from autograder.protocol import Group
from tools import student_kit

HEADER = """
from autograder.checks.framework import Check, Fail, Kind
from autograder.exercise import Build, Exercise
import json

SECRET = {"units": 7}


def _secret_helper(models):
    return json.dumps(SECRET)


def _hidden(models):
    return _secret_helper(models)


def _visible(models):
    return "seen"


def given_small(seed):
    return seed
"""


def _load(path, name="synthetic"):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _module(tmp_path, body: str, name="synthetic"):
    path = tmp_path / f"{name}.py"
    path.write_text('"""Secret: the hidden checks train for 15 epochs."""\n' + HEADER + body)
    return _load(path, name)


def _reduce(tmp_path, module):
    out = tmp_path / "student.py"
    out.write_text(student_kit.student_source(module))
    student_kit.verify(module.EXERCISE, out)
    return out.read_text()


def _defined(source: str) -> set[str]:
    return {
        n.name if hasattr(n, "name") else n.targets[0].id
        for n in ast.parse(source).body
        if isinstance(n, ast.FunctionDef | ast.Assign)
    }


@pytest.mark.parametrize("exercise_id", exercises.available())
def test_every_exercise_keeps_its_visible_checks_only(exercise_id, tmp_path):
    module = importlib.import_module(f"autograder.exercises.{exercise_id}")
    source = _reduce(tmp_path, module)
    checks = module.EXERCISE.checks
    visible_code = {c.run.__code__ for c in checks if c.group is Group.VISIBLE}
    kept = {ast.dump(f) for f in ast.walk(ast.parse(source)) if isinstance(f, ast.FunctionDef)}
    for check in checks:
        if check.group is Group.HIDDEN and check.run.__code__ not in visible_code:
            tree = ast.parse(textwrap.dedent(inspect.getsource(check.run)))
            assert ast.dump(tree.body[0]) not in kept, check.name
            assert f"def {check.run.__name__}(" not in source or check.run.__name__ == "run"


def test_hidden_checks_their_helpers_builds_and_docstring_go(tmp_path):
    module = _module(
        tmp_path,
        """
BUILDS = (Build("default"), Build("other", kwargs=SECRET), Build("small", given="small"))
CHECKS = [
    Check("builds", _visible, kind=Kind.BUILD),
    Check("secret", _hidden, "hidden", kind=Kind.OUTPUT, build="other"),
    Check("small", _visible, kind=Kind.OUTPUT, build="small"),
]
EXERCISE = Exercise(
    id="synthetic", function="f", signature="f()", summary="s", builds=BUILDS,
    hints=("h",), checks=tuple(CHECKS),
)
""",
    )
    source = _reduce(tmp_path, module)
    assert _defined(source) == {"_visible", "given_small", "BUILDS", "CHECKS", "EXERCISE"}
    assert "import json" not in source and "15 epochs" not in source
    student = _load(tmp_path / "student.py", "student")
    assert [b.name for b in student.EXERCISE.builds] == ["default", "small"]


def test_a_starred_generator_of_hidden_checks_is_dropped(tmp_path):
    module = _module(
        tmp_path,
        """
CHECKS = [
    Check("builds", _visible, kind=Kind.BUILD),
    *(Check(f"h{i}", _hidden, "hidden", kind=Kind.OUTPUT) for i in range(3)),
]
EXERCISE = Exercise(
    id="synthetic", function="f", signature="f()", summary="s", builds=(Build("default"),),
    hints=("h",), checks=CHECKS,
)
""",
    )
    assert "_hidden" not in _defined(_reduce(tmp_path, module))


def test_an_element_making_visible_and_hidden_checks_is_refused(tmp_path):
    module = _module(
        tmp_path,
        """
V, H = "visible", "hidden"
EXERCISE = Exercise(
    id="synthetic", function="f", signature="f()", summary="s", builds=(Build("default"),),
    hints=("h",),
    checks=(*(Check(n, _visible, g, kind=Kind.BUILD) for n, g in [("a", V), ("b", H)]),),
)
""",
    )
    with pytest.raises(student_kit.StudentKitError, match="split it"):
        student_kit.student_source(module)


def test_checks_made_by_a_call_are_refused(tmp_path):
    module = _module(
        tmp_path,
        """
def make():
    hidden = Check("x", _hidden, "hidden", kind=Kind.OUTPUT)
    return (Check("builds", _visible, kind=Kind.BUILD), hidden)
EXERCISE = Exercise(
    id="synthetic", function="f", signature="f()", summary="s", builds=(Build("default"),),
    hints=("h",), checks=make(),
)
""",
    )
    with pytest.raises(student_kit.StudentKitError, match="list or tuple literal"):
        student_kit.student_source(module)


def test_a_reduction_that_breaks_the_module_fails_the_build(tmp_path):
    # A visible check finds its build by position: dropping "other" shifts it.
    module = _module(
        tmp_path,
        """
BUILDS = (Build("default"), Build("other"), Build("third"))
CHECKS = [
    Check("builds", _visible, kind=Kind.BUILD),
    Check("secret", _hidden, "hidden", kind=Kind.OUTPUT, build="other"),
    Check("third", _visible, kind=Kind.OUTPUT, build=BUILDS[2].name),
]
EXERCISE = Exercise(
    id="synthetic", function="f", signature="f()", summary="s", builds=BUILDS,
    hints=("h",), checks=tuple(CHECKS),
)
""",
    )
    with pytest.raises(student_kit.StudentKitError, match="fails to import"):
        _reduce(tmp_path, module)
