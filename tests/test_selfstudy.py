"""Self-study checks (`autograder.selfstudy`), their display, and the self-study notebooks.

Most tests are unit tests on made-up results; four go through the real
pipeline (build process and judge), one per way of finding the learner's
code and outcome: IPython history (not attempted), a module file (error,
incorrect with diagrams, correct).
"""

from __future__ import annotations

import importlib.util
import json

import nbformat
import pytest

from autograder import exercises, judge, render, selfstudy
from autograder.protocol import BuildOutcome, BuildStatus, CheckResult, CheckStatus
from autograder.selfstudy import Outcome
from tests.conftest import ROOT
from tools import build_course, build_selfstudy

QA_SWAPPED = """
import keras
from keras import layers


def build_qa_model(text_vocab_size=10000, question_vocab_size=10000, answer_vocab_size=500):
    text = keras.Input(shape=(None,), dtype="int32", name="text")
    encoded_text = layers.LSTM(32)(layers.Embedding(text_vocab_size, 64)(text))
    question = keras.Input(shape=(None,), dtype="int32", name="question")
    encoded_question = layers.LSTM(16)(layers.Embedding(question_vocab_size, 32)(question))
    merged = layers.concatenate([encoded_question, encoded_text])  # swapped
    answer = layers.Dense(answer_vocab_size, activation="softmax")(merged)
    return keras.Model([text, question], answer)
"""

MLP_RAISES = """
import keras
from keras import layers


def my_mlp(input_dim=64, hidden_units=32, num_classes=10):
    inputs = keras.Input(shape=(input_dim,))
    hidden = layers.Dense(hidden_units, activation="relu")(inputs)
    return keras.Model(inputs, outputs)  # NameError: a typo a learner makes
"""


def _module(tmp_path, name, source):
    path = tmp_path / f"{name}.py"
    path.write_text(source, encoding="utf-8")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _ok(check="builds", received="a model"):
    return CheckResult(check, CheckStatus.PASSED, received=received)


def _failed(check, received, message="Fix this error first.", expected="a model"):
    return CheckResult(
        check, CheckStatus.FAILED, expected=expected, received=received, next_step=message
    )


def _skipped(check, blocker="builds"):
    return CheckResult(
        check, CheckStatus.SKIPPED, next_step=f"Not checked: `{blocker}` must pass first."
    )


def _built(status=BuildStatus.OK, error=""):
    return BuildOutcome(status, error=error)


# --------------------------------------------------------------------------- API surface


def test_every_exercise_id_has_check_hint_and_solution():
    for exercise_id in exercises.IDS:
        problem = getattr(selfstudy, exercise_id)
        assert isinstance(problem, selfstudy.Problem) and problem.id == exercise_id
        assert callable(problem.check) and callable(problem.hint) and callable(problem.solution)
    with pytest.raises(KeyError, match="Received: 'nope'"):
        selfstudy.Problem("nope")


def test_an_exercise_without_checks_says_not_implemented(monkeypatch):
    def not_yet(exercise_id):
        raise exercises.NotImplementedYet(exercise_id)

    monkeypatch.setattr(selfstudy.exercises, "get", not_yet)
    for call in (selfstudy.siamese.check, selfstudy.siamese.hint, selfstudy.siamese.solution):
        message = call()
        assert isinstance(message, selfstudy.Message)
        assert "not implemented yet" in str(message)
    assert "not implemented yet" in repr(selfstudy.siamese)


def test_hint_is_the_exercise_hint_and_no_solution():
    hint = selfstudy.qa_model.hint()
    assert exercises.get("qa_model").hints[0] in str(hint)
    assert "build_qa_model(text_vocab_size=10000" in hint._repr_markdown_()
    assert "def build_qa_model" not in str(hint)


def test_solution_next_to_the_package(monkeypatch):
    monkeypatch.delenv(selfstudy.SOLUTIONS_ENV, raising=False)
    monkeypatch.delenv("NBGRADER_EXECUTION", raising=False)
    solution = selfstudy.qa_model.solution()
    assert solution.code == (ROOT / "solutions" / "qa_model.py").read_text(encoding="utf-8")
    assert "```python\n" in solution._repr_markdown_()


def test_solution_from_the_folder_named_by_the_environment(monkeypatch, tmp_path):
    (tmp_path / "qa_model.py").write_text("def build_qa_model():\n    return 42\n")
    monkeypatch.setenv(selfstudy.SOLUTIONS_ENV, str(tmp_path))
    assert "return 42" in selfstudy.qa_model.solution().code
    assert "No solution" in str(selfstudy.functional_mlp.solution())  # not in that folder


@pytest.mark.parametrize(
    "env",
    [
        {selfstudy.SOLUTIONS_ENV: ""},
        {selfstudy.SOLUTIONS_ENV: "/nonexistent/solutions"},
        {"NBGRADER_EXECUTION": "autograde"},
    ],
)
def test_no_solution_in_a_release(monkeypatch, env):
    monkeypatch.delenv(selfstudy.SOLUTIONS_ENV, raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    message = selfstudy.qa_model.solution()
    assert "No solution is available here" in str(message) and not message.code
    assert selfstudy.solutions_dir() is None


def test_calls_do_nothing_inside_the_build_process(monkeypatch):
    monkeypatch.setenv("AUTOGRADER_SANDBOX", "1")
    assert selfstudy.qa_model.check(print) is None
    assert selfstudy.qa_model.hint() is None
    assert selfstudy.qa_model.solution() is None


# --------------------------------------------------------------------------- learner code


def test_code_of_a_module_function_is_its_module_source(tmp_path):
    module = _module(tmp_path, "answer_mlp", MLP_RAISES)
    cells = selfstudy.learner_cells(exercises.get("functional_mlp"), module.my_mlp)
    assert cells[0].source == MLP_RAISES and cells[0].label == "answer_mlp.py"
    assert cells[-1].source == "build_functional_mlp = my_mlp"  # another name is bound


def test_check_rejects_what_is_not_a_function():
    with pytest.raises(TypeError, match="Received: int"):
        selfstudy.learner_cells(exercises.get("qa_model"), 3)
    with pytest.raises(TypeError, match="defined with `def`"):
        selfstudy.learner_cells(exercises.get("qa_model"), lambda: None)


# --------------------------------------------------------------------------- outcomes


@pytest.mark.parametrize(
    ("results", "outcomes", "want"),
    [
        (
            [_failed("builds", "Not attempted yet: ..."), _skipped("inputs")],
            {"qa_model:default": _built(BuildStatus.NOT_ATTEMPTED, "NotImplementedError")},
            Outcome.NOT_ATTEMPTED,
        ),
        (
            # A NotImplementedError the learner wrote is an error, whatever its text.
            [_failed("builds", "NotImplementedError: still thinking"), _skipped("inputs")],
            {"qa_model:default": _built(BuildStatus.RAISED, "NotImplementedError: still")},
            Outcome.ERROR,
        ),
        (
            [_failed("builds", "NameError: name 'x' is not defined"), _skipped("inputs")],
            {"qa_model:default": _built(BuildStatus.RAISED, "NameError: name 'x'")},
            Outcome.ERROR,
        ),
        (
            [_failed("builds", "LookupError: No function named `build_qa_model`")],
            {"qa_model:default": _built(BuildStatus.MISSING_FUNCTION, "LookupError: ...")},
            Outcome.ERROR,
        ),
        (
            [_ok(), _failed("builds_other_sizes", "Time limit: ...")],
            {
                "qa_model:default": _built(),
                "qa_model:other_sizes": _built(BuildStatus.TIMED_OUT, "Time limit"),
            },
            Outcome.ERROR,
        ),
        (
            [_failed("builds", "TypeError: ...")],
            {"qa_model:default": _built(BuildStatus.WRONG_RETURN, "TypeError: Expected ...")},
            Outcome.INCORRECT,  # it ran and returned None: wrong, not an error
        ),
        (
            [_ok(), _failed("wiring", "a tensor computed from `question`.", "Look at ...")],
            {"qa_model:default": _built(), "qa_model:other_sizes": _built()},
            Outcome.INCORRECT,
        ),
        ([_ok(), _ok("wiring")], {"qa_model:default": _built()}, Outcome.CORRECT),
        (
            [CheckResult("grader", CheckStatus.GRADER_ERROR, received="The judge took too long.")],
            {},
            Outcome.NOT_CHECKED,
        ),
        # A check named "grader" that failed is a check like any other.
        ([_failed("grader", "x")], {"qa_model:default": _built()}, Outcome.INCORRECT),
    ],
)
def test_outcomes_are_told_apart(results, outcomes, want):
    assert selfstudy.classify(exercises.get("qa_model"), results, outcomes) is want


def test_an_untouched_answer_is_never_called_wrong():
    results = selfstudy.Results(
        "qa_model",
        "build_qa_model",
        Outcome.NOT_ATTEMPTED,
        (_failed("builds", "Not attempted yet"), _skipped("inputs")),
    )
    for shown in (str(results), results._repr_html_()):
        assert "Not attempted yet" in shown
        assert not any(w in shown.lower() for w in ("wrong", "incorrect", "failed"))


# --------------------------------------------------------------------------- display


def test_html_shows_expected_received_and_next_step_escaped():
    checks = (
        _ok(),
        _failed(
            "wiring",
            "a tensor computed from `question` <b>",
            "Concatenate [text, question].",
            expected="Concatenation input 0: `text` -> LSTM(32).",
        ),
        _skipped("learns", "wiring"),
    )
    results = selfstudy.Results(
        "qa_model",
        "build_qa_model",
        Outcome.INCORRECT,
        checks,
        diagrams=(("`build_qa_model()`", b"PNG1", None, "reference"),),
    )
    page = results._repr_html_()
    assert 'data-outcome="incorrect"' in page
    assert "Concatenation input 0: <code>text</code> -&gt; LSTM(32)." in page
    assert "a tensor computed from <code>question</code> &lt;b&gt;" in page
    assert "Concatenate [text, question]." in page
    assert page.count('class="failed"') == 1 and page.count('class="skipped"') == 1
    assert "data:image/png;base64,UE5HMQ==" in page and "No reference diagram here." in page
    assert str(results).startswith(
        "Not yet: 1 of 3 checks failed (1 more not checked until then). Start with the first, "
        "`wiring`"
    )
    assert render.text("qa_model", list(checks)) in str(results)


def test_graph_checks_of_every_exercise_are_recognised():
    graph = {
        "functional_mlp": {"layer_stack"},
        "qa_model": {"wiring"},
        "social_model": {"trunk", "heads"},
        "inception_module": {"branches_from_x", "branch_layers"},
        "shared_lstm": {"shared_lstm"},
        "siamese": {"given_base_used", "siamese_wiring"},
        "social_compile": set(),
    }
    other_builds = {"xception_given": "xception"}  # siamese's given Xception is used
    for exercise_id, names in graph.items():
        if exercise_id not in exercises.available():
            continue
        exercise = exercises.get(exercise_id)
        module = importlib.import_module(f"autograder.exercises.{exercise_id}")
        for check in module.CHECKS:
            result = [_failed(check.name, "y", "z", expected="x")]
            want = ["default"] if check.name in names else []
            if check.name in other_builds:
                want = [other_builds[check.name]]
            assert judge.graph_failures(exercise, result) == want, check.name
    residual = exercises.get("residual_block")
    downsample = [_failed("downsample_skip_source", "y")]
    assert judge.graph_failures(residual, downsample) == ["downsample"]
    assert judge.graph_failures(residual, [_failed("projection", "y")]) == ["downsample"]
    assert judge.graph_failures(residual, [_failed("skip_source", "y")]) == ["default"]
    assert judge.graph_failures(residual, [_skipped("skip_source")]) == []


# --------------------------------------------------------------------------- notebooks


@pytest.mark.parametrize("name", build_course.assignments())
def test_selfstudy_notebook_has_stubs_checks_and_hints(tmp_path, name):
    [path] = build_selfstudy.build([name], tmp_path)
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    text = json.dumps(nb)
    for hidden in ("BEGIN SOLUTION", "HIDDEN TESTS", "nbgrader", "autograder.notebook"):
        assert hidden not in text
    sources = [c.source for c in nb.cells if c.cell_type == "code"]
    assert "from autograder import selfstudy as ex" in sources[1]
    answers = build_course.answer_markers(name)
    assert answers
    for exercise_id, marker in answers.items():
        function = exercises.get(exercise_id).function
        start = ""
        if marker == build_course.BUGGY:  # a debugging exercise
            start = build_course.start_source(exercise_id)
            assert start in sources
        else:
            [stub] = [s for s in sources if s.startswith(f"def {function}(")]
            assert stub.endswith("    # YOUR CODE HERE\n    raise NotImplementedError()")
        solution = build_course.solution_source(exercise_id)
        body = solution.split("### BEGIN SOLUTION")[1].split("### END SOLUTION")[0]
        for line in body.splitlines():
            if len(line.strip()) > 20 and not line.strip().startswith("#"):
                assert line.strip() in start or line.strip() not in "\n".join(sources), line
        i = sources.index(f"ex.{exercise_id}.check({function})")
        assert f"# ex.{exercise_id}.hint()" in sources[i + 1]
        assert f"# ex.{exercise_id}.solution()" in sources[i + 1]


# --------------------------------------------------------------------------- end to end


@pytest.fixture
def ipython_shell(monkeypatch, tmp_path):
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    config = Config()
    config.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell.instance(config=config)
    yield shell
    InteractiveShell.clear_instance()


def test_untouched_notebook_answer_is_not_attempted(ipython_shell):
    stub = build_selfstudy.stub_source("functional_mlp")
    for source in (stub, "from autograder import selfstudy as ex"):
        assert ipython_shell.run_cell(source, store_history=True).success
    ran = ipython_shell.run_cell(
        "result = ex.functional_mlp.check(build_functional_mlp)", store_history=True
    )
    assert ran.success, ran.error_in_exec
    result = ipython_shell.user_ns["result"]
    assert result.outcome is Outcome.NOT_ATTEMPTED, str(result)
    assert "still raises `NotImplementedError`" in str(result)


def test_code_that_raises_is_an_error(tmp_path):
    module = _module(tmp_path, "answer_raises", MLP_RAISES)
    result = selfstudy.functional_mlp.check(module.my_mlp)
    assert result.outcome is Outcome.ERROR, str(result)
    assert "NameError: name 'outputs' is not defined" in result.failed[0].received
    assert "<answer_raises.py>, line 9" in result.failed[0].received


def test_wrong_wiring_is_incorrect_with_both_diagrams(tmp_path, monkeypatch):
    monkeypatch.delenv(selfstudy.SOLUTIONS_ENV, raising=False)
    module = _module(tmp_path, "answer_qa", QA_SWAPPED)
    result = selfstudy.qa_model.check(module.build_qa_model)
    assert result.outcome is Outcome.INCORRECT, str(result)
    assert [r.check for r in result.failed] == ["wiring"]
    [(caption, learner, reference, ref_caption)] = result.diagrams
    assert caption == "`build_qa_model()`" and ref_caption.startswith("the reference solution")
    assert learner.startswith(b"\x89PNG") and reference.startswith(b"\x89PNG")
    page = result._repr_html_()
    assert "Concatenation input 0: <code>text</code>" in page  # expected
    assert "a tensor computed from <code>question</code>" in page  # received
    assert page.count("data:image/png;base64,") == 2


def test_reference_solution_is_correct():
    spec = importlib.util.spec_from_file_location("ref_mlp", ROOT / "solutions/functional_mlp.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = selfstudy.functional_mlp.check(module.build_functional_mlp)
    assert result.outcome is Outcome.CORRECT, str(result)
    assert result.passed and not result.diagrams
    assert str(result).startswith("Correct: `build_functional_mlp` passes all")
