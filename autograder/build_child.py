"""The build process: the only place where learner code runs.

Started by `autograder.sandbox` as `python -I -m autograder.build_child JOB`,
in an empty working directory. It runs the submission's cells, calls the
learner's function for each build task, saves each result as a `.keras` file
and appends what happened to a progress file (JSON lines). It decides no
verdict: the judge process reads the saved models and, of what this process
says, only each task's status, the error text it shows back to the learner,
and the facts it noted about the call (`info`: returned type, nesting). It
classifies how each call ended from the exception it sees
(`protocol.BuildStatus`): the sandbox never reads the text to decide.
"""

import ast
import dataclasses
import inspect
import io
import json
import linecache
import os
import resource
import sys
import textwrap
import traceback

from autograder.protocol import BuildOutcome, BuildStatus, BuildTask, EventKind, ProgressEvent


def _stay_out_of_pid_1() -> None:
    """Runs the rest in a child: PID 1 of a namespace ignores its own signals.

    The PID-1 process only waits and passes the child's fate on (128 + signal
    number for a killed child); when it exits, the kernel ends every process
    left in the namespace.
    """
    pid = os.fork()
    if pid == 0:
        return
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        os._exit(128 + os.WTERMSIG(status))
    os._exit(os.WEXITSTATUS(status))


def _limit_resources(memory_bytes: int, file_bytes: int) -> None:
    for limit, value in (
        (resource.RLIMIT_AS, memory_bytes),
        (resource.RLIMIT_FSIZE, file_bytes),
        (resource.RLIMIT_CORE, 0),
    ):
        try:
            resource.setrlimit(limit, (value, value))
        except (ValueError, OSError):
            pass


class _Progress:
    """Appends one `ProgressEvent` per line, flushed at once."""

    def __init__(self, fd: int):
        self._file = open(fd, "a", encoding="utf-8")  # noqa: SIM115

    def write(self, kind: EventKind, **fields) -> None:
        self._file.write(ProgressEvent(kind, **fields).line())
        self._file.flush()
        os.fsync(self._file.fileno())


class MissingFunction(LookupError):
    """The learner's code defines no function of the task's name."""


class WrongReturn(TypeError):
    """The learner's function returned something other than what the task needs."""


def _describe(error: BaseException, filenames) -> str:
    """The exception as a learner reads it: the learner's frames only."""
    if isinstance(error, MissingFunction | WrongReturn):  # the grader's words, no frames
        return f"{error.__class__.__mro__[1].__name__}: {error}"
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename in filenames]
    lines = [f"  {f.filename}, line {f.lineno}: {(f.line or '').strip()}" for f in frames]
    head = "".join(traceback.format_exception_only(type(error), error)).strip()
    return "\n".join(lines[-3:] + [head])


def _is_stub_body(body: list) -> bool:
    """True if `body` (after an optional docstring) is only `raise NotImplementedError()`."""
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    if len(body) != 1 or not isinstance(body[0], ast.Raise) or body[0].cause is not None:
        return False
    raised = body[0].exc
    if isinstance(raised, ast.Call) and not raised.args and not raised.keywords:
        raised = raised.func
    return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"


def is_untouched_stub(function) -> bool:
    """True if `function` is the release's stub: its body is only `raise NotImplementedError()`.

    Args:
        function: A Python function whose source is in `linecache` (a cell
            the build process ran) or in a file.

    Returns:
        `False` as well when the source cannot be found or parsed.
    """
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return False
    node = tree.body[0] if tree.body else None
    return isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_stub_body(node.body)


def _is_stub_cell(source: str) -> bool:
    """True if a cell is the release's stub for a whole answer cell."""
    try:
        return _is_stub_body(ast.parse(source).body)
    except SyntaxError:
        return False


def _error_status(error: BaseException, function) -> BuildStatus:
    """The status of a call that raised `error`, decided by the exception's type."""
    if isinstance(error, MemoryError):  # pybind11 turns C++'s std::bad_alloc into one
        return BuildStatus.OUT_OF_MEMORY
    if isinstance(error, MissingFunction):
        return BuildStatus.MISSING_FUNCTION
    if isinstance(error, WrongReturn):
        return BuildStatus.WRONG_RETURN
    if type(error) is NotImplementedError and is_untouched_stub(function):
        return BuildStatus.NOT_ATTEMPTED
    return BuildStatus.RAISED


def _error_text(status: BuildStatus, described: str) -> str:
    if status is BuildStatus.OUT_OF_MEMORY:
        return f"Memory limit: your code ran out of memory.\n{described}"
    return described


class _NoIPython:
    """Answers `get_ipython()` calls (magics) in learner cells with nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _run_cells(cells, namespace, progress) -> tuple[bool, bool]:
    """Runs the cells in order; returns (no fatal cell raised, a stub cell raised)."""
    filenames, stub_raised = set(), False
    for cell in cells:
        filename = f"<{cell['label']}>"
        filenames.add(filename)
        progress.write(EventKind.CELL_START, label=cell["label"])
        lines = cell["source"].splitlines(keepends=True)
        linecache.cache[filename] = (len(cell["source"]), None, lines, filename)
        try:
            code = compile(cell["source"], filename, "exec")
            exec(code, namespace)  # noqa: S102 - learner code, in the sandbox
        except BaseException as error:  # noqa: BLE001 - includes SystemExit
            status = _error_status(error, None)
            stub_raised |= type(error) is NotImplementedError and _is_stub_cell(cell["source"])
            progress.write(
                EventKind.CELL_ERROR,
                label=cell["label"],
                status=status,
                error=_error_text(status, _describe(error, filenames)),
            )
            if cell["fatal"]:
                return False, stub_raised
    return True, stub_raised


def _contains(model, target, keras, depth=0) -> bool:
    """True if `target` is a layer of `model` or of a model nested in it."""
    for layer in model.layers:
        if layer is target:
            return True
        if (
            isinstance(layer, keras.Model)
            and depth < 8
            and _contains(layer, target, keras, depth + 1)
        ):
            return True
    return False


def layer_calls(layer) -> int:
    """How many times `layer` has been called on symbolic tensors (its graph nodes).

    Keras 3 publishes only the first call (`layer.output`), so this reads the
    private `_inbound_nodes` list, here alone (`tests/unit/test_layer_calls.py`
    pins it to the installed Keras).
    """
    return len(layer._inbound_nodes)


def _given_facts(given, result, calls_before: dict) -> dict:
    """What only this process can see: object identity between `result` and `given`.

    Returns:
        `given_nested` / `given_inside` (the given model itself is a layer of
        `result`), `same_inputs` (`result.inputs` are `given.inputs`, the
        same objects in the same order) and `given_new_calls` (names of the
        given's layers called during the function).
    """
    import keras

    try:
        inputs = list(result.inputs)
    except Exception:  # noqa: BLE001 - a subclassed or unbuilt model has no inputs
        inputs = []
    return {
        "given_nested": any(layer is given for layer in result.layers),
        "given_inside": _contains(result, given, keras),
        "same_inputs": len(inputs) == len(given.inputs)
        and all(a is b for a, b in zip(inputs, given.inputs, strict=True)),
        "given_new_calls": [
            layer.name for layer in given.layers if layer_calls(layer) > calls_before[id(layer)]
        ],
    }


def _call(task: BuildTask, function, keras):
    """Calls the learner's function as the task says; returns (model, info)."""
    from importlib import import_module

    if function is None:
        raise MissingFunction(
            f"No function named `{task.function}` is defined. "
            "Check the spelling of its name and that its cell runs."
        )
    if not callable(function):
        raise TypeError(f"`{task.function}` is a {type(function).__name__}, not a function.")
    info = {}
    keras.utils.set_random_seed(task.seed)
    if task.tensor_inputs:
        x = keras.Input(shape=task.tensor_inputs, name="x")
        y = function(x, **task.kwargs)
        info["returned"] = type(y).__name__
        if not isinstance(y, keras.KerasTensor):
            raise WrongReturn(
                f"Expected `{task.function}` to return a Keras tensor built from `x`. "
                f"Received: {type(y).__name__}."
            )
        return keras.Model(x, y), info
    if task.given:
        module = import_module(f"autograder.exercises.{task.exercise}")
        given = getattr(module, f"given_{task.given}")(task.seed)
        calls_before = {id(layer): layer_calls(layer) for layer in given.layers}
        keras.utils.set_random_seed(task.seed)
        result = function(given, **task.kwargs)
        info["returned"] = type(result).__name__
        info["given_compiled"] = bool(getattr(given, "compiled", False))
        if isinstance(result, keras.Model):
            info.update(_given_facts(given, result, calls_before))
        if result is None or task.saves_given:
            return given, info
        model = result
    else:
        model = function(**task.kwargs)
        info["returned"] = type(model).__name__
    if not isinstance(model, keras.Model):
        raise WrongReturn(
            f"Expected `{task.function}` to return a `keras.Model`. "
            f"Received: {type(model).__name__}."
        )
    info["model_class"] = type(model).__name__
    return model, info


def run_task(task: BuildTask, namespace: dict, keras, filenames=()) -> tuple:
    """Calls the learner's function for one task and classifies how the call ended.

    The one way to run a learner task: the build process, the judge's
    reference diagrams and `benchmarks/plain_checks.py` all use it.

    Args:
        task: A `protocol.BuildTask`.
        namespace: The globals the learner's code ran in.
        keras: The `keras` module.
        filenames: The learner's cell file names: their frames are shown in
            error texts, other frames are not.

    Returns:
        `(model, outcome)`: the model (`None` unless the call gave one) and
        a `protocol.BuildOutcome` (status `OK` with `info`, or why not; its
        `path` is empty: saving is the caller's business).
    """
    function = namespace.get(task.function)
    try:
        model, info = _call(task, function, keras)
    except BaseException as error:  # noqa: BLE001 - includes SystemExit
        status = _error_status(error, function)
        text = _error_text(status, _describe(error, set(filenames)))
        return None, BuildOutcome(status, error=text)
    return model, BuildOutcome(BuildStatus.OK, info=info)


def main(job_path: str) -> int:
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    if job["isolate"]:
        from autograder import isolation

        isolation.enter(job["isolate"]["writable"], job["isolate"]["hidden"])
    if os.getpid() == 1:
        _stay_out_of_pid_1()
    _limit_resources(job["memory_bytes"], job["file_bytes"])
    progress = _Progress(job["progress_fd"])
    import keras  # before any learner code: its start-up time is not the learner's

    progress.write(EventKind.READY)
    namespace = {"__name__": "__main__", "get_ipython": _NoIPython}
    sys.stdin = io.StringIO("")
    cells_ran, stub_raised = _run_cells(job["cells"], namespace, progress)
    if not cells_ran:
        progress.write(EventKind.CELLS_FAILED)
        progress.write(EventKind.FINISHED)
        return 0
    progress.write(EventKind.CELLS_DONE)
    filenames = {f"<{cell['label']}>" for cell in job["cells"]}
    for task in map(BuildTask.from_json, job["tasks"]):
        progress.write(EventKind.START, task=task.id)
        model, outcome = run_task(task, namespace, keras, filenames)
        if outcome.status is BuildStatus.MISSING_FUNCTION and stub_raised:
            outcome = dataclasses.replace(outcome, status=BuildStatus.NOT_ATTEMPTED)
        if model is not None:
            try:
                model.save(task.out)
            except BaseException as error:  # noqa: BLE001 - e.g. a file over the size limit
                status = _error_status(error, None)
                outcome = BuildOutcome(
                    status, error=_error_text(status, _describe(error, filenames))
                )
        progress.write(
            EventKind.DONE,
            task=task.id,
            status=outcome.status,
            error=outcome.error,
            info=outcome.info,
        )
    progress.write(EventKind.FINISHED)
    return 0


if __name__ == "__main__":
    from autograder.processes import exit_now

    exit_now(main(sys.argv[1]))
