"""The judge process: loads the saved models and runs an exercise's checks.

Started by `autograder.warm_judge` as `python -I -m autograder.judge --serve FD`
(jobs on stdin, answers on descriptor FD), for one submission or for many. It
never imports learner code: it reads only the `.keras` files the build
process saved, with `safe_mode=True` (no `Lambda` code, no custom classes),
and the parent's record of how each build ended. Asked to (self-study only,
see `api.check_cells_report`), it also draws diagrams of the models whose
wiring check failed, and of the reference solution's models.
"""

from __future__ import annotations

import functools
import json
import os
import sys

from autograder import exercises
from autograder.checks import training
from autograder.checks.framework import GRAPH_KINDS, Fail, run_checks
from autograder.protocol import BuildOutcome, BuildStatus, BuildTask, CheckResult, CheckStatus


class Models:
    """The models one submission built for one exercise, loaded on demand.

    Args:
        exercise: The `Exercise`.
        outcomes: Task id -> `protocol.BuildOutcome`, as
            `sandbox.run_builds` reported them.
    """

    def __init__(self, exercise, outcomes: dict):
        self.exercise = exercise
        self._outcomes = outcomes
        self._loaded: dict = {}

    def _call_text(self, build: str) -> str:
        spec = next(b for b in self.exercise.builds if b.name == build)
        args = ["x"] if spec.tensor_inputs else (["model"] if spec.given else [])
        args += [f"{k}={v!r}" for k, v in spec.kwargs.items()]
        return f"{self.exercise.function}({', '.join(args)})"

    def outcome(self, build: str) -> BuildOutcome:
        """How the call of `build` ended."""
        return self._outcomes.get(f"{self.exercise.id}:{build}") or BuildOutcome(
            BuildStatus.NOT_RUN, error="This build was not run."
        )

    def info(self, build: str) -> dict:
        """What the build process noted about the call (returned type, nesting)."""
        return self.outcome(build).info

    def get(self, build: str = "default"):
        """The loaded model of `build`.

        Raises:
            Fail: if the learner's function did not produce a model that
                loads in safe mode, with the learner's own error as reason.
        """
        if build in self._loaded:
            return self._loaded[build]
        outcome = self.outcome(build)
        call = self._call_text(build)
        if not outcome.ok:
            error = outcome.error or "No model was saved."
            if outcome.status is BuildStatus.NOT_ATTEMPTED:
                raise Fail(
                    f"`{call}` returns a model.",
                    "Not attempted yet: the function still raises NotImplementedError.",
                    "Write your code in the answer cell in place of `raise NotImplementedError()`.",
                )
            raise Fail(f"`{call}` returns a model.", error, "Fix this error first.")
        import keras

        try:
            model = keras.saving.load_model(outcome.path, safe_mode=True)
        except Exception as error:  # noqa: BLE001 - a model Keras cannot load safely
            raise Fail(
                f"`{call}` returns a model made of built-in Keras layers.",
                f"A model that cannot be loaded in safe mode: {type(error).__name__}: "
                f"{str(error)[:400]}",
                "Use built-in layers and `keras.ops` here: `Lambda` layers and custom "
                "layer classes are not accepted in this exercise.",
            ) from None
        self._loaded[build] = model
        return model


def judge(
    exercise_id: str, outcomes: dict[str, BuildOutcome], group: str | None = None
) -> list[CheckResult]:
    """Runs the checks of one exercise on one submission's build outcomes.

    Args:
        exercise_id: An id from `exercises.IDS`.
        outcomes: Task id -> `protocol.BuildOutcome`, for this exercise's builds.
        group: Only the checks up to this group's last one
            (`exercise.Exercise.part`); `None` (default) for every check.

    Returns:
        One `CheckResult` per check run, coarse to fine.
    """
    import keras

    keras.backend.clear_session()
    keras.utils.set_random_seed(training.SEED)
    exercise = exercises.get(exercise_id)
    return run_checks(list(exercise.part(group)[1]), Models(exercise, outcomes))


def graph_failures(exercise, results: list[CheckResult]) -> list[str]:
    """The builds whose wiring a failed (and run) graph check is about.

    A check is a graph check when its declared `kind` is one of
    `framework.GRAPH_KINDS`; its declared `build` is the build to draw.

    Returns:
        Build names, in the exercise's order; empty when no graph check failed.
    """
    declared = {c.name: c for c in exercise.checks}
    wanted = set()
    for r in results:
        check = declared.get(r.check)
        if r.status is not CheckStatus.FAILED or check is None or check.kind not in GRAPH_KINDS:
            continue
        wanted.add(check.build)
    return [b.name for b in exercise.builds if b.name in wanted]


def _reference_model(exercise, build, reference_dir: str):
    """Builds the reference solution's model for `build` (self-study only)."""
    import importlib.util

    import keras

    from autograder import build_child

    path = os.path.join(reference_dir, f"{exercise.id}.py")
    spec = importlib.util.spec_from_file_location(f"_reference_{exercise.id}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model, outcome = build_child.run_task(BuildTask.of(exercise, build), vars(module), keras)
    if model is None:
        raise RuntimeError(outcome.error)
    return model


def draw_diagrams(exercise_id, outcomes, results, out_dir, reference_dir=None) -> list[str]:
    """Draws the learner's models whose wiring check failed, and the reference's.

    Writes `<exercise>__<build>.png` for each build of `graph_failures`, from
    the saved model (loaded in safe mode, like the checks), and with
    `reference_dir` (a folder of reference solutions, given only for
    self-study) `<exercise>__<build>__reference.png`. A diagram that cannot be
    drawn (no Graphviz, a model that does not load) is left out: diagrams
    never change a verdict.

    Returns:
        The file names written.
    """
    import keras

    exercise = exercises.get(exercise_id)
    written, failed = [], graph_failures(exercise, results)
    for build in exercise.builds:
        if build.name not in failed:
            continue
        models = Models(exercise, outcomes)
        files = {f"{exercise_id}__{build.name}.png": functools.partial(models.get, build.name)}
        if reference_dir and os.path.isfile(os.path.join(reference_dir, f"{exercise_id}.py")):
            files[f"{exercise_id}__{build.name}__reference.png"] = functools.partial(
                _reference_model, exercise, build, reference_dir
            )
        for filename, make in files.items():
            try:
                keras.utils.plot_model(
                    make(),
                    to_file=os.path.join(out_dir, filename),
                    show_shapes=True,
                    show_layer_names=True,
                    dpi=72,
                )
            except Exception:  # noqa: BLE001, S112 - no diagram is no verdict
                continue
            written.append(filename)
    return written


def run_job(job_path: str, out_path: str) -> None:
    """Judges one job file and writes its results, atomically.

    Args:
        job_path: JSON with `exercises` (ids), `outcomes` (task id ->
            `BuildOutcome.to_json()`), optionally `group` (only what that
            group's checks need, see `judge`) and, for self-study, `diagrams`.
        out_path: Where the results go: exercise id -> list of
            `CheckResult.to_json()`.
    """
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    results = {}
    drawing = job.get("diagrams")
    outcomes = {k: BuildOutcome.from_json(v) for k, v in job["outcomes"].items()}
    for exercise_id in job["exercises"]:
        checks = judge(exercise_id, outcomes, job.get("group"))
        results[exercise_id] = [r.to_json() for r in checks]
        if drawing:
            draw_diagrams(exercise_id, outcomes, checks, drawing["dir"], drawing.get("reference"))
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(results, f)
    os.replace(tmp, out_path)


def serve(requests, responses) -> int:
    """The warm judge's loop (`autograder.warm_judge`): many jobs, one Keras import.

    Writes `{"ready": true}` once Keras is imported, then for each request
    line `{"job": JOB, "out": OUT}` runs `run_job` and answers one line:
    `{"ok": true}`, or `{"ok": false, "error": TRACEBACK}`. `judge` clears
    Keras's session and resets the seeds before every exercise, so a verdict
    does not depend on the jobs served before it.

    Args:
        requests: A text stream of request lines; the loop ends at its end.
        responses: A text stream for the answers.

    Returns:
        The exit status, 0.
    """
    import traceback

    import keras  # noqa: F401 - imported once, before the first job

    def answer(message: dict) -> None:
        responses.write(json.dumps(message) + "\n")
        responses.flush()

    answer({"ready": True})
    for line in requests:
        request = json.loads(line)
        try:
            run_job(request["job"], request["out"])
        except Exception:  # noqa: BLE001 - told to the parent, which restarts this process
            answer({"ok": False, "error": traceback.format_exc()[-1500:]})
        else:
            answer({"ok": True})
    return 0


def main(argv: list[str]) -> int:
    if argv[:1] != ["--serve"] or len(argv) != 2:
        print("usage: python -I -m autograder.judge --serve FD", file=sys.stderr)
        return 2
    with os.fdopen(int(argv[1]), "w", encoding="utf-8") as responses:
        return serve(sys.stdin, responses)


if __name__ == "__main__":
    from autograder.processes import exit_now

    exit_now(main(sys.argv[1:]))
