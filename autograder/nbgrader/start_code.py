"""The release of a debugging exercise: its answer cell starts from wrong code.

nbgrader's `ClearSolutions` turns every answer cell's solution into the stub
`raise NotImplementedError()`. In a debugging exercise the learner starts
from the source text's own wrong code instead: `tools/build_course.py` keeps
that code in the source cell's metadata (`KEY`, for an answer cell marked
`# buggy: <id>` in its template), and `ReleaseStartCode`, placed right after
`ClearSolutions` in `GenerateAssignment.preprocessors`
(`course/nbgrader_config.py`), puts it in place of the stub and drops the
metadata. The solution stays in the source notebook only.
"""

from __future__ import annotations

from nbgrader.preprocessors import NbGraderPreprocessor

#: The cell metadata key that holds `{"start": <code>}`.
KEY = "autograder"


def release_source(cell) -> str | None:
    """The code a source notebook's answer cell shows in the release, if not the stub.

    Args:
        cell: A notebook cell.

    Returns:
        The start code of a debugging exercise's answer cell; `None` for any
        other cell.
    """
    start = cell.get("metadata", {}).get(KEY, {}).get("start")
    return start if isinstance(start, str) else None


class ReleaseStartCode(NbGraderPreprocessor):
    """Puts each debugging exercise's start code in place of nbgrader's stub."""

    def preprocess_cell(self, cell, resources, index):
        start = release_source(cell)
        if start is not None:
            cell.source = start
        cell.get("metadata", {}).pop(KEY, None)
        return cell, resources
