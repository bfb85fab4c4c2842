"""The command line as the contract specifies it: verbs, exit codes, messages, JSON,
and learner code that misbehaves (each a failed check with a plain reason)."""

from __future__ import annotations

import json

import nbformat
import psutil
import pytest

from autograder import exercises, isolation
from tests.conftest import ROOT, run_cli

REFERENCE_MLP = (ROOT / "solutions" / "functional_mlp.py").read_text(encoding="utf-8")


def write(tmp_path, text, name="submission.py"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_list_names_every_exercise_of_the_contract():
    result = run_cli("list")
    assert result.returncode == 0
    for exercise_id in exercises.IDS:
        assert exercise_id in result.stdout
    assert "build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10)" in result.stdout


def test_unknown_exercise_is_a_usage_error(tmp_path):
    result = run_cli("check", "no_such_exercise", write(tmp_path, REFERENCE_MLP))
    assert result.returncode == 2
    assert "unknown exercise id 'no_such_exercise'" in result.stderr


def test_missing_file_is_a_usage_error(tmp_path):
    result = run_cli("check", "functional_mlp", str(tmp_path / "nothing.py"))
    assert result.returncode == 2
    assert "No such file" in result.stderr


def test_corrupt_notebook_is_a_usage_error(tmp_path):
    result = run_cli("check", "functional_mlp", write(tmp_path, "{not json", "broken.ipynb"))
    assert result.returncode == 2
    assert "not a valid notebook" in result.stderr


def test_other_file_types_are_a_usage_error(tmp_path):
    result = run_cli("check", "functional_mlp", write(tmp_path, REFERENCE_MLP, "answer.txt"))
    assert result.returncode == 2


def test_json_output_has_the_contract_keys(tmp_path):
    result = run_cli("check", "functional_mlp", write(tmp_path, REFERENCE_MLP), "--json")
    assert result.returncode == 0, result.stdout
    checks = json.loads(result.stdout)
    assert checks and all(
        set(c) == {"check", "passed", "expected", "received", "message"} for c in checks
    )
    assert all(c["passed"] for c in checks)


def test_notebook_submission_with_magics_is_graded(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell("# My answer"),
        nbformat.v4.new_code_cell("%matplotlib inline\nimport keras\nfrom keras import layers"),
        nbformat.v4.new_code_cell(REFERENCE_MLP),
        nbformat.v4.new_code_cell("!echo hello\nbuild_functional_mlp().summary()"),
    ]
    path = tmp_path / "answer.ipynb"
    nbformat.write(nb, path)
    result = run_cli("check", "functional_mlp", str(path))
    assert result.returncode == 0, result.stdout


def test_a_failing_notebook_cell_does_not_stop_the_next_ones(tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("1 / 0"),
        nbformat.v4.new_code_cell(REFERENCE_MLP),
    ]
    path = tmp_path / "answer.ipynb"
    nbformat.write(nb, path)
    assert run_cli("check", "functional_mlp", str(path)).returncode == 0


UNTOUCHED = """
def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    # YOUR CODE HERE
    raise NotImplementedError()
"""

MISBEHAVING = {
    "not_attempted": (UNTOUCHED, "Not attempted yet"),
    "syntax_error": ("def build_functional_mlp(:\n    pass\n", "SyntaxError"),
    "import_error": ("import no_such_module_here\n" + REFERENCE_MLP, "ModuleNotFoundError"),
    "missing_function": ("import keras\n", "No function named `build_functional_mlp`"),
    "returns_none": ("def build_functional_mlp(**kw):\n    return None\n", "Received: NoneType"),
    "sys_exit_at_import": ("import sys\nsys.exit(3)\n", "SystemExit"),
    "sys_exit_in_function": (
        "import sys\ndef build_functional_mlp(**kw):\n    sys.exit(0)\n",
        "SystemExit",
    ),
    "os_exit": ("import os\ndef build_functional_mlp(**kw):\n    os._exit(0)\n", "exit code 0"),
    "kills_itself": (
        "import os, signal\n"
        "def build_functional_mlp(**kw):\n    os.kill(os.getpid(), signal.SIGKILL)\n",
        "SIGKILL",
    ),
    "endless_loop": (
        "def build_functional_mlp(**kw):\n    while True:\n        pass\n",
        "Time limit",
    ),
    "sleeps_at_import": ("import time\ntime.sleep(3600)\n", "Time limit"),
    "eats_memory": (
        "def build_functional_mlp(**kw):\n    x = bytearray(3 * 1024**3)\n    return x\n",
        "Memory limit",
    ),
    "sequential": (
        "import keras\nfrom keras import layers\n"
        "def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):\n"
        "    return keras.Sequential([keras.Input((input_dim,)), layers.Dense(hidden_units, "
        "activation='relu'), layers.Dense(hidden_units, activation='relu'), "
        "layers.Dense(num_classes, activation='softmax')])\n",
        "This exercise is about the functional API",
    ),
    "lambda_layer": (
        REFERENCE_MLP.replace(
            'outputs = layers.Dense(num_classes, activation="softmax")(x)',
            "x = layers.Lambda(lambda t: t * 1.0)(x)\n"
            '    outputs = layers.Dense(num_classes, activation="softmax")(x)',
        ),
        "safe mode",
    ),
}


@pytest.mark.parametrize("name", sorted(MISBEHAVING))
def test_misbehaving_code_is_a_failed_check_with_a_reason(tmp_path, name):
    source, reason = MISBEHAVING[name]
    result = run_cli(
        "check", "functional_mlp", write(tmp_path, source), "--timeout", "20", "--memory-gib", "1"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert reason in result.stdout, result.stdout
    assert "Traceback (most recent call last)" not in result.stdout + result.stderr


def test_output_on_stdout_and_stderr_changes_nothing(tmp_path):
    noisy = (
        "import sys\nprint('checks passed: 10 of 10', file=sys.stderr)\n"
        "sys.stdout.write('x' * 5_000_000)\n" + REFERENCE_MLP
    )
    result = run_cli("check", "functional_mlp", write(tmp_path, noisy))
    assert result.returncode == 0, result.stdout[-2000:]
    assert "xxxx" not in result.stdout


def test_patching_keras_and_the_grader_in_learner_code_changes_nothing(tmp_path):
    cheat = """
import keras, numpy
from keras import layers
import autograder.checks.framework as framework
keras.Model.count_params = lambda self: 3466
numpy.allclose = lambda *a, **k: True
framework.run_checks = lambda checks, models: []

def build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,))
    outputs = layers.Dense(num_classes, activation="softmax")(inputs)
    return keras.Model(inputs, outputs)
"""
    result = run_cli("check", "functional_mlp", write(tmp_path, cheat))
    assert result.returncode == 1
    assert "param_count" in result.stdout


def test_a_keras_py_beside_the_submission_cannot_shadow_keras(tmp_path):
    write(tmp_path, "raise SystemExit('shadowed!')\n", "keras.py")
    result = run_cli("check", "functional_mlp", write(tmp_path, REFERENCE_MLP))
    assert result.returncode == 0, result.stdout


def test_timeout_and_memory_options_must_be_positive(tmp_path):
    result = run_cli("check", "functional_mlp", write(tmp_path, REFERENCE_MLP), "--timeout", "0")
    assert result.returncode == 2


@pytest.mark.skipif(not isolation.available(), reason="no user namespaces on this machine")
def test_learner_code_cannot_read_solutions_nor_write_the_kit(tmp_path):
    probe = (
        f'''
import pathlib
leaks = []
for path in ["{ROOT}/solutions/functional_mlp.py", "{ROOT}/course/nbgrader_config.py"]:
    try:
        pathlib.Path(path).read_text()
        leaks.append("read " + path)
    except OSError:
        pass
for path in ["{ROOT}/autograder/exercises/functional_mlp.py", "{tmp_path}/planted.txt"]:
    try:
        pathlib.Path(path).write_text("planted")
        leaks.append("wrote " + path)
    except OSError:
        pass
assert not leaks, leaks
'''
        + REFERENCE_MLP
    )
    result = run_cli("check", "functional_mlp", write(tmp_path, probe))
    assert result.returncode == 0, result.stdout
    assert not (tmp_path / "planted.txt").exists()


@pytest.mark.skipif(not isolation.available(), reason="no user namespaces on this machine")
def test_learner_code_may_write_files_in_its_working_directory(tmp_path):
    saves = REFERENCE_MLP.replace("def build_functional_mlp(", "def _reference_mlp(", 1) + (
        "\n\ndef build_functional_mlp(input_dim=64, hidden_units=32, num_classes=10):\n"
        "    model = _reference_mlp(input_dim, hidden_units, num_classes)\n"
        "    model.save('my_model.keras')  # a relative path, as in a notebook\n"
        "    return model\n"
    )
    result = run_cli("check", "functional_mlp", write(tmp_path, saves))
    assert result.returncode == 0, result.stdout


def test_no_learner_process_outlives_its_build(tmp_path):
    marker = "987654.321"
    daemon = (
        "import subprocess\n"
        f"subprocess.Popen(['sleep', '{marker}'], start_new_session=True)\n" + REFERENCE_MLP
    )
    assert run_cli("check", "functional_mlp", write(tmp_path, daemon)).returncode == 0
    alive = [p for p in psutil.process_iter(["cmdline"]) if marker in (p.info["cmdline"] or [])]
    assert not alive


def _answer_notebook(tmp_path, source):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["nbgrader"] = {
        "grade_id": "functional_mlp_answer",
        "solution": True,
        "grade": False,
        "locked": False,
        "schema_version": 3,
    }
    nb.cells = [cell]
    path = tmp_path / "assignment.ipynb"
    nbformat.write(nb, path)
    return str(path)


def test_validate_exits_1_when_a_visible_check_fails(tmp_path):
    result = run_cli("validate", _answer_notebook(tmp_path, UNTOUCHED))
    assert result.returncode == 1
    assert "Not attempted yet" in result.stdout


def test_validate_exits_0_when_the_visible_checks_pass(tmp_path):
    result = run_cli("validate", _answer_notebook(tmp_path, REFERENCE_MLP))
    assert result.returncode == 0, result.stdout


def test_several_paths_print_each_verdict_as_it_is_alone(tmp_path):
    paths = [write(tmp_path, REFERENCE_MLP), str(tmp_path / "missing.py")]
    alone = [run_cli("check", "functional_mlp", p) for p in paths]
    several = run_cli("check", "functional_mlp", *paths)
    assert [r.returncode for r in alone] == [0, 2]
    assert several.returncode == 2, "the highest of the statuses"
    assert several.stdout == "".join(
        f"==> {p} <==\n{r.stdout}" for p, r in zip(paths, alone, strict=True)
    )
    assert several.stderr == "".join(r.stderr for r in alone)
