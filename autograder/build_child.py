"""The build process: the only place where learner code runs.

Started by `autograder.sandbox` as `python -I -m autograder.build_child JOB`,
in an empty working directory. It runs the submission's cells, calls the
learner's function for each build task, saves each result as a `.keras` file
and appends what happened to a progress file (JSON lines). It decides no
verdict: the judge process reads the saved models and ignores everything else
this process says except the error text it shows back to the learner.
"""

import io
import json
import linecache
import os
import resource
import sys
import traceback


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
    """Appends one JSON object per event, flushed at once."""

    def __init__(self, path: str):
        self._file = open(path, "a", encoding="utf-8")  # noqa: SIM115

    def write(self, **event) -> None:
        self._file.write(json.dumps(event) + "\n")
        self._file.flush()
        os.fsync(self._file.fileno())


def _describe(error: BaseException, filenames: set) -> str:
    """The exception as a learner reads it: the learner's frames only."""
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename in filenames]
    lines = [f"  {f.filename}, line {f.lineno}: {(f.line or '').strip()}" for f in frames]
    head = "".join(traceback.format_exception_only(type(error), error)).strip()
    return "\n".join(lines[-3:] + [head])


class _NoIPython:
    """Answers `get_ipython()` calls (magics) in learner cells with nothing."""

    def __getattr__(self, name):
        return lambda *args, **kwargs: None


def _run_cells(cells, namespace, progress) -> bool:
    filenames = set()
    for cell in cells:
        filename = f"<{cell['label']}>"
        filenames.add(filename)
        progress.write(event="cell_start", label=cell["label"])
        lines = cell["source"].splitlines(keepends=True)
        linecache.cache[filename] = (len(cell["source"]), None, lines, filename)
        try:
            code = compile(cell["source"], filename, "exec")
            exec(code, namespace)  # noqa: S102 - learner code, in the sandbox
        except BaseException as error:  # noqa: BLE001 - includes SystemExit
            progress.write(
                event="cell_error", label=cell["label"], error=_describe(error, filenames)
            )
            if cell["fatal"]:
                return False
    return True


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


def _call(task, namespace, keras):
    """Calls the learner's function as the task says; returns (model, info)."""
    from importlib import import_module

    function = namespace.get(task["function"])
    if function is None:
        raise LookupError(
            f"No function named `{task['function']}` is defined. "
            "Check the spelling of its name and that its cell runs."
        )
    if not callable(function):
        raise TypeError(f"`{task['function']}` is a {type(function).__name__}, not a function.")
    info = {}
    keras.utils.set_random_seed(task["seed"])
    if task["tensor_inputs"]:
        x = keras.Input(shape=tuple(task["tensor_inputs"]), name="x")
        y = function(x, **task["kwargs"])
        info["returned"] = type(y).__name__
        if not isinstance(y, keras.KerasTensor):
            raise TypeError(
                f"Expected `{task['function']}` to return a Keras tensor built from `x`. "
                f"Received: {type(y).__name__}."
            )
        return keras.Model(x, y), info
    if task["given"]:
        module = import_module(f"autograder.exercises.{task['exercise']}")
        given = getattr(module, f"given_{task['given']}")(task["seed"])
        keras.utils.set_random_seed(task["seed"])
        result = function(given, **task["kwargs"])
        info["returned"] = type(result).__name__
        info["given_compiled"] = bool(getattr(given, "compiled", False))
        if result is None:
            return given, info
        if isinstance(result, keras.Model):
            info["given_nested"] = any(layer is given for layer in result.layers)
            info["given_inside"] = _contains(result, given, keras)
        model = result
    else:
        model = function(**task["kwargs"])
        info["returned"] = type(model).__name__
    if not isinstance(model, keras.Model):
        raise TypeError(
            f"Expected `{task['function']}` to return a `keras.Model`. "
            f"Received: {type(model).__name__}."
        )
    info["model_class"] = type(model).__name__
    return model, info


def main(job_path: str) -> int:
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    if job["isolate"]:
        from autograder import isolation

        isolation.enter(job["isolate"]["writable"], job["isolate"]["hidden"])
    if os.getpid() == 1:
        _stay_out_of_pid_1()
    _limit_resources(job["memory_bytes"], job["file_bytes"])
    progress = _Progress(job["progress"])
    import keras  # before any learner code: its start-up time is not the learner's

    progress.write(event="ready")
    namespace = {"__name__": "__main__", "get_ipython": _NoIPython}
    sys.stdin = io.StringIO("")
    if not _run_cells(job["cells"], namespace, progress):
        progress.write(event="cells_failed")
        progress.write(event="finished")
        return 0
    progress.write(event="cells_done")
    filenames = {f"<{cell['label']}>" for cell in job["cells"]}
    for task in job["tasks"]:
        progress.write(event="start", task=task["id"])
        try:
            model, info = _call(task, namespace, keras)
            model.save(task["out"])
        except BaseException as error:  # noqa: BLE001 - includes SystemExit
            progress.write(
                event="done", task=task["id"], ok=False, error=_describe(error, filenames)
            )
            continue
        progress.write(event="done", task=task["id"], ok=True, info=info)
    progress.write(event="finished")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
