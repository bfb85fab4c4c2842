"""The student kit: built, installed into a fresh venv, and compared with the full kit.

One wheel is built (`tools/student_kit.py`) and installed with pip into a
new virtual environment with no access to this repository or its venv (no
system site packages, no `PYTHONPATH`, run outside the repository). Then:

- a released notebook of `functional_api_1` with a correct answer
  (`functional_mlp`) and a wrong one (`qa_model`, the source's Embedding
  erratum) runs in a kernel of each kit, and the visible test cells give the
  same verdicts and messages;
- no installed file holds a reference solution's code or a hidden check's
  function (compared as normalized source and as syntax trees, and by the
  hidden checks' message texts, in every installed file, bytecode too);
- `ex.<id>.solution()` says that solutions are not part of this kit.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import os
import pathlib
import subprocess
import sys
import textwrap
import time
import zipfile

import nbformat
import pytest

from autograder import exercises
from autograder.protocol import Group
from tests.conftest import ROOT
from tools import student_kit

pytestmark = pytest.mark.xdist_group("student_kit")
RELEASED = "functional_api_1"
CORRECT = ("functional_mlp", (ROOT / "solutions" / "functional_mlp.py"))
WRONG = ("qa_model", ROOT / "tests" / "cases" / "qa_model" / "01_embedding_arguments_swapped.py")
EXECUTE = """
import sys, nbclient, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(
    nb, timeout=900, kernel_name="python3", allow_errors=True,
    resources={"metadata": {"path": sys.argv[3]}},
).execute()
nbformat.write(nb, sys.argv[2])
"""
PROBE = """
import json, autograder
from autograder import edition, exercises, selfstudy as ex
print(json.dumps({
    "package": autograder.__file__,
    "edition": edition.EDITION,
    "checks": {i: [[c.name, c.group.value] for c in exercises.get(i).checks]
               for i in exercises.available()},
    "solutions": {i: str(getattr(ex, i).solution()) for i in exercises.available()},
}))
"""


def _clean_env() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
    return dict(env, JUPYTER_PREFER_ENV_PATH="1", TF_CPP_MIN_LOG_LEVEL="3")


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    out = tmp_path_factory.mktemp("student-kit")
    done = subprocess.run(
        [sys.executable, "-m", "tools.student_kit", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    [wheel] = out.glob("*.whl")
    return out, wheel


@pytest.fixture(scope="module")
def student_python(kit, tmp_path_factory):
    """A fresh venv with the student wheel installed by pip (dependencies pinned by the lock)."""
    _, wheel = kit
    venv = tmp_path_factory.mktemp("student-venv")
    start = time.monotonic()
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, cwd=venv)
    python = venv / "bin" / "python"
    # --no-compile: byte-compiling TensorFlow's files would double the install time;
    # the kit's own package is compiled, so that its bytecode is searched too.
    pip = [str(python), "-m", "pip", "install", "-q", "--no-compile", str(wheel)]
    done = subprocess.run(
        pip + ["-c", str(ROOT / "requirements.lock")],
        cwd=venv,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    site = subprocess.run(
        [str(python), "-c", "import autograder, os; print(os.path.dirname(autograder.__file__))"],
        cwd=venv,
        env=_clean_env(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    subprocess.run([str(python), "-m", "compileall", "-q", site], check=True, cwd=venv)
    print(f"fresh venv with the student wheel: {time.monotonic() - start:.0f} s")
    return python


@pytest.fixture(scope="module")
def probe(student_python, tmp_path_factory):
    done = subprocess.run(
        [str(student_python), "-c", PROBE],
        cwd=tmp_path_factory.mktemp("probe"),
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def _installed_files(probe) -> list[pathlib.Path]:
    package = pathlib.Path(probe["package"]).parent
    return [p for p in package.rglob("*") if p.is_file()]


def test_the_kit_is_imported_from_the_fresh_venv(probe, student_python):
    assert pathlib.Path(probe["package"]).is_relative_to(student_python.parent.parent)
    assert probe["edition"] == "student"


def test_only_visible_checks_are_installed(probe):
    for exercise_id in exercises.available():
        full = exercises.get(exercise_id)
        visible = [[c.name, "visible"] for c in full.checks if c.group is Group.VISIBLE]
        assert probe["checks"][exercise_id] == visible, exercise_id


def test_solution_says_solutions_are_not_part_of_the_kit(probe):
    for exercise_id, text in probe["solutions"].items():
        assert "Solutions are not part of the student kit" in text, text
        assert f"ex.{exercise_id}.hint()" in text


# --------------------------------------------------------------------------- no hidden code


def _normalized(source: str) -> str:
    """Source as `ast.unparse` writes it, each line stripped: formatting-blind text."""
    tree = ast.parse(textwrap.dedent(source))
    return "\n".join(line.strip() for line in ast.unparse(tree).splitlines())


def _body_dump(node) -> str:
    body = node.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    return ast.dump(ast.Module(body=body, type_ignores=[]))


def _functions(source: str) -> list:
    return [
        n
        for n in ast.walk(ast.parse(textwrap.dedent(source)))
        if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
    ]


def _hidden_only_functions() -> list:
    """Every hidden check's `run`, except code a visible check of any exercise runs too
    (shared factories: `model.softmax_output` is hidden in one exercise, visible in another)."""
    out = []
    ids = exercises.available()
    visible_code = {
        c.run.__code__
        for exercise_id in ids
        for c in exercises.get(exercise_id).checks
        if c.group is Group.VISIBLE
    }
    for exercise_id in ids:
        for check in exercises.get(exercise_id).checks:
            if check.group is Group.HIDDEN and check.run.__code__ not in visible_code:
                out.append((f"{exercise_id}.{check.name}", check.run))
    return out


@functools.cache
def _outside_hidden_checks() -> str:
    """The string constants of the full kit's `autograder/`, hidden checks' functions removed.

    Constants as Python joins them (adjacent literals, f-string parts), so
    that a message a visible check shares counts as shared.
    """
    texts = {p: p.read_text(encoding="utf-8") for p in (ROOT / "autograder").rglob("*.py")}
    for _, run in _hidden_only_functions():
        path = pathlib.Path(inspect.getsourcefile(run))
        texts[path] = texts[path].replace(inspect.getsource(run), "")
    return "\0".join(
        n.value
        for text in texts.values()
        for n in ast.walk(ast.parse(text))
        if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )


@functools.cache
def _full_kit_code() -> str:
    """The full kit's `autograder/` sources, normalized (`_normalized`)."""
    return "\n".join(_normalized(p.read_text("utf-8")) for p in (ROOT / "autograder").rglob("*.py"))


def _solution_functions() -> list:
    out = []
    for path in sorted((ROOT / "solutions").glob("*.py")):
        source = path.read_text(encoding="utf-8")
        for function in _functions(source):
            if function.col_offset == 0:
                out.append((path.name, function))
    return out


@pytest.fixture(scope="module")
def installed(probe):
    files = _installed_files(probe)
    sources = {p: p.read_text(encoding="utf-8") for p in files if p.suffix == ".py"}
    return {
        "files": files,
        "bytes": {p: p.read_bytes() for p in files},
        "normalized": {p: _normalized(s) for p, s in sources.items()},
        "dumps": {_body_dump(f) for s in sources.values() for f in _functions(s)},
    }


def test_the_checks_compared_are_the_ones_the_kit_has():
    hidden = _hidden_only_functions()
    # Every exercise has hidden checks of its own code; the comparison is not empty.
    assert {name.split(".")[0] for name, _ in hidden} == set(exercises.available())
    assert len(_solution_functions()) == len(list((ROOT / "solutions").glob("*.py")))


def test_no_installed_file_holds_a_hidden_check(installed):
    for name, run in _hidden_only_functions():
        source = inspect.getsource(run)
        [function] = [f for f in _functions(source) if f.name == run.__name__][:1]
        assert _body_dump(function) not in installed["dumps"], name
        text = _normalized(source)
        for path, normalized in installed["normalized"].items():
            assert text not in normalized, (name, path.name)
        # Its messages: string constants of 25+ characters that the full kit's
        # sources hold nowhere but in hidden checks.
        strings = {
            n.value
            for n in ast.walk(function)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and len(n.value) >= 25
        }
        strings = {s for s in strings if s not in _outside_hidden_checks()}
        for path, data in installed["bytes"].items():
            found = [s for s in strings if s.encode() in data]
            assert not found, (name, path.name, found)


def test_no_installed_file_holds_a_reference_solution(installed):
    for name, function in _solution_functions():
        assert _body_dump(function) not in installed["dumps"], name
        # Its lines of 30+ characters that the full kit's grader does not hold too
        # (a hint, a visible check's message or a given model may share a line).
        lines = [
            line
            for line in _normalized(
                ast.unparse(ast.Module(body=function.body[1:], type_ignores=[]))
            ).splitlines()
            if len(line) >= 30 and line not in _full_kit_code()
        ]
        assert lines, name
        for path, data in installed["bytes"].items():
            text = data.decode("utf-8", errors="replace")
            found = [line for line in lines if line in text]
            assert not found, (name, path.name, found)


def test_the_wheel_holds_the_package_and_no_solutions(kit):
    out, wheel = kit
    names = zipfile.ZipFile(wheel).namelist()
    assert all(n.startswith(("autograder/", "keras_functional_api_student-")) for n in names), names
    assert "autograder/edition.py" in names and "autograder/notebook.py" in names
    lessons = zipfile.ZipFile(out / student_kit.LESSONS_ARCHIVE).namelist()
    assert {f"lessons/{p.stem}.ipynb" for p in (ROOT / "notebooks").glob("[0-9]*.py")} <= set(
        lessons
    )
    assert {f"figures/{p.name}" for p in (ROOT / "figures").glob("*.png")} <= set(lessons)
    quizzes = (ROOT / "notebooks" / "self_check").glob("*.toml")
    assert {f"lessons/self_check/{p.name}" for p in quizzes} <= set(lessons)
    assert wheel.name in (out / "environment.yml").read_text(encoding="utf-8")


# --------------------------------------------------------------------------- same messages


def _answered_release(released_course, path: pathlib.Path) -> None:
    nb = nbformat.read(released_course / "release" / RELEASED / f"{RELEASED}.ipynb", as_version=4)
    answers = {
        exercise_id: source.read_text(encoding="utf-8") for exercise_id, source in (CORRECT, WRONG)
    }
    for cell in nb.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        exercise_id = grade_id.removesuffix("_answer")
        if grade_id.endswith("_answer") and exercise_id in answers:
            cell.source = answers.pop(exercise_id)
    assert not answers, f"No answer cell for {sorted(answers)}."
    nbformat.write(nb, path)


def _visible_verdicts(python: pathlib.Path, notebook: pathlib.Path, workdir: pathlib.Path) -> dict:
    out = workdir / "executed.ipynb"
    done = subprocess.run(
        [str(python), "-c", EXECUTE, str(notebook), str(out), str(workdir)],
        cwd=workdir,
        env=_clean_env(),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    verdicts = {}
    for cell in nbformat.read(out, as_version=4).cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id", "")
        if grade_id.endswith("_structure"):
            verdicts[grade_id] = [
                (o.get("name") or o.get("ename"), o.get("text") or o.get("evalue"))
                for o in cell.get("outputs", [])
                if o["output_type"] in ("stream", "error")
            ]
    return verdicts


def test_visible_test_cells_give_the_same_messages_in_both_kits(
    released_course, student_python, tmp_path
):
    notebook = tmp_path / f"{RELEASED}.ipynb"
    _answered_release(released_course, notebook)
    (tmp_path / "full").mkdir()
    (tmp_path / "student").mkdir()
    full = _visible_verdicts(pathlib.Path(sys.executable), notebook, tmp_path / "full")
    student = _visible_verdicts(student_python, notebook, tmp_path / "student")
    assert student == full
    right, wrong = full[f"{CORRECT[0]}_structure"], full[f"{WRONG[0]}_structure"]
    assert right and all(name == "stdout" for name, _ in right), right
    assert "PASSED" in right[-1][1] or "passed" in right[-1][1].lower(), right
    assert [name for name, _ in wrong][-1] == "CheckFailed", wrong
    assert "param_count" in wrong[-1][1] and "Expected" in wrong[-1][1], wrong
