"""Checks run from a notebook cell: the same pipeline as the command line.

`check("qa_model", "visible")` in a test cell sends the code this kernel has
run so far (its input history, in order) to the build process, judges the
saved models in the judge process, prints the verdict and raises
`CheckFailed` if a check failed, so that nbgrader scores the cell 0. Nothing
is judged inside the kernel: patching Keras or the grader here changes
nothing.

A visible test cell builds and judges only what its checks need
(`exercise.Exercise.part`: the hidden builds and checks are left out, and
the visible verdict is the same). The judge process is kept for the
kernel's session where the machine has the memory for it
(`session_judge`): started beside the first build process, so that both
import Keras at once, it serves every later check, and ends with the kernel.

Inside the build process (`AUTOGRADER_SANDBOX=1`) a replayed `check` call
does nothing. Under `nbgrader autograde` with the kit's configuration
(`AUTOGRADER_JUDGED_OUTSIDE=1`, set by `autograder.nbgrader`), the grade
cells are judged outside the kernel from the submitted notebook itself, so
the call only says so.
"""

from __future__ import annotations

import atexit
import os

import psutil

from autograder import api, hints, render, warm_judge
from autograder.protocol import DEFAULT_LIMITS, CheckResult, Limits
from autograder.submission import Cell

#: Memory a warm judge holds between checks, in bytes: `benchmarks/warm_judge.py`
#: saw at most 463 MiB over the catalogue.
JUDGE_BYTES = 1024**3
_session: warm_judge.WarmJudge | None = None


class CheckFailed(AssertionError):
    """At least one check of the exercise failed (nbgrader scores the cell 0)."""


def _kernel_history() -> list[Cell]:
    """The cells this IPython kernel has run, without the one running now."""
    from IPython import get_ipython
    from IPython.core.inputtransformer2 import TransformerManager

    shell = get_ipython()
    if shell is None:
        raise RuntimeError(
            "check() runs in a notebook; on a terminal use `python -m autograder check`."
        )
    transformer = TransformerManager()
    history = list(shell.history_manager.input_hist_raw)[1:-1]
    cells = []
    for number, source in enumerate(history, start=1):
        try:
            source = transformer.transform_cell(source)
        except Exception:  # reported when the build process runs it
            pass
        cells.append(Cell(source=source, label=f"input {number}", fatal=False))
    return cells


def session_judge(limits: Limits) -> warm_judge.WarmJudge | None:
    """The kernel's warm judge, started if need be; `None` where memory is short.

    A warm judge is kept only while the machine's available memory holds a
    build process at its cap (`limits.memory_gib`) and the judge beside it
    (`JUDGE_BYTES`); otherwise each check starts a fresh judge, as the
    command line does. The judge ends with the kernel (at exit, and by the
    signal `warm_judge` arranges should the kernel be killed).

    Args:
        limits: The limits of the check about to run.

    Returns:
        The session's `warm_judge.WarmJudge`, running or starting; `None`
        when the check is to start a fresh judge.
    """
    global _session
    if _session is None:
        if psutil.virtual_memory().available < limits.memory_bytes + JUDGE_BYTES:
            return None
        _session = warm_judge.WarmJudge()
        atexit.register(_session.close)
    _session.start()
    return _session


def grader_is_outside() -> bool:
    """True while `nbgrader autograde` runs with the kit's grade-cell judge."""
    return (
        os.environ.get("NBGRADER_EXECUTION") == "autograde"
        and os.environ.get("AUTOGRADER_JUDGED_OUTSIDE") == "1"
    )


class Reported(list[CheckResult]):
    """The `CheckResult`s a test cell reported: a list that a notebook does not display.

    `check` prints its report; showing the list as the cell's value too would
    repeat it as raw records under the readable text.
    """

    def _ipython_display_(self) -> None:
        """IPython calls this instead of displaying the list: nothing to add."""


def check(
    exercise_id: str,
    group: str | None = None,
    *,
    timeout: float = DEFAULT_LIMITS.seconds,
    memory_gib: float = DEFAULT_LIMITS.memory_gib,
) -> Reported:
    """Checks an exercise against the code run so far in this notebook.

    Args:
        exercise_id: e.g. `"qa_model"`.
        group: `"visible"` or `"hidden"` to report one grade cell's checks,
            `None` for all.
        timeout: `protocol.Limits.seconds`: the time limit per exercise, per
            cell and per call.
        memory_gib: `protocol.Limits.memory_gib`: the memory cap of the build
            process.

    Returns:
        The `CheckResult`s reported, as a `Reported` list, which a notebook
        does not display (empty when the call does nothing, see the module
        docstring).

    Raises:
        CheckFailed: if a reported check failed; its message is the feedback,
            ending with the hint for the first failed check.
    """
    if os.environ.get("AUTOGRADER_SANDBOX") == "1":
        return Reported()
    if grader_is_outside():
        print(f"{exercise_id}: judged by the kit's autograder from the submitted notebook.")
        return Reported()
    limits = DEFAULT_LIMITS.tuned(seconds=timeout, memory_gib=memory_gib)
    cells, judge = _kernel_history(), session_judge(limits)
    every = api.check_cells([exercise_id], cells, limits=limits, judge=judge, group=group)
    every = every[exercise_id]
    results = [r for r in every if r.group == group] if group else every
    report = render.text(exercise_id, results, hint=hints.feedback(exercise_id, results, every))
    if not all(r.passed for r in results):
        raise CheckFailed("\n" + report)
    print(report)
    return Reported(results)
