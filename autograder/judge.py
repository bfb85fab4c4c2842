"""The judge process: loads the saved models and runs an exercise's checks.

Started by `autograder.api` as `python -I -m autograder.judge JOB OUT`. It
never imports learner code: it reads only the `.keras` files the build
process saved, with `safe_mode=True` (no `Lambda` code, no custom classes),
and the parent's record of how each build ended.
"""

from __future__ import annotations

import json
import os
import sys

from autograder import exercises
from autograder.checks.framework import Fail
from autograder.results import CheckResult

NOT_ATTEMPTED = "NotImplementedError"


class Models:
    """The models one submission built for one exercise, loaded on demand.

    Args:
        exercise: The `Exercise`.
        outcomes: Task id -> outcome dict (`ok`, `path`, `error`, `info`),
            as `sandbox.run_builds` reported them.
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

    def outcome(self, build: str) -> dict:
        return self._outcomes.get(f"{self.exercise.id}:{build}") or {
            "ok": False,
            "error": "This build was not run.",
        }

    def info(self, build: str) -> dict:
        """What the build process noted about the call (returned type, nesting)."""
        return self.outcome(build).get("info") or {}

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
        if not outcome.get("ok"):
            error = str(outcome.get("error") or "No model was saved.")
            if NOT_ATTEMPTED in error:
                raise Fail(
                    f"`{call}` returns a model.",
                    "Not attempted yet: the function still raises NotImplementedError.",
                    "Write your code in the answer cell in place of `raise NotImplementedError()`.",
                )
            raise Fail(f"`{call}` returns a model.", error, "Fix this error first.")
        import keras

        try:
            model = keras.saving.load_model(outcome["path"], safe_mode=True)
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


def judge(exercise_id: str, outcomes: dict) -> list[CheckResult]:
    """Runs every check of one exercise on one submission's build outcomes.

    Args:
        exercise_id: An id from `exercises.IDS`.
        outcomes: Task id -> outcome dict, for this exercise's builds.

    Returns:
        One `CheckResult` per check, coarse to fine.
    """
    import keras

    keras.backend.clear_session()
    keras.utils.set_random_seed(0)
    exercise = exercises.get(exercise_id)
    return exercise.judge(Models(exercise, outcomes))


def main(job_path: str, out_path: str) -> int:
    with open(job_path, encoding="utf-8") as f:
        job = json.load(f)
    results = {}
    for exercise_id in job["exercises"]:
        checks = judge(exercise_id, job["outcomes"])
        results[exercise_id] = [dict(r.to_json(), group=r.group) for r in checks]
    tmp = out_path + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(results, f)
    os.replace(tmp, out_path)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
