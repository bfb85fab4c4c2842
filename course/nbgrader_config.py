"""nbgrader configuration of the course (run nbgrader commands from this folder)."""

import json
import os

from nbconvert.preprocessors import ClearMetadataPreprocessor, CSSHTMLHeaderPreprocessor
from nbgrader.converters import GenerateAssignment
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearHiddenTests,
    ClearSolutions,
    Execute,
    GetGrades,
    IgnorePattern,
    LimitOutput,
    SaveAutoGrades,
)

from autograder.nbgrader import COURSE_ID
from autograder.nbgrader.judge_cells import JudgeGradeCells
from autograder.nbgrader.start_code import ReleaseStartCode
from autograder.protocol import DEFAULT_LIMITS
from autograder.sandbox import QUIET_TENSORFLOW

c = get_config()  # noqa: F821 - provided by nbgrader

c.CourseDirectory.course_id = COURSE_ID
c.CourseDirectory.root = os.path.dirname(os.path.abspath(__file__))

# Kernels inherit this environment: TensorFlow's oneDNN notice and log lines
# would otherwise go to stderr, which nbgrader scores as a failed test cell.
os.environ.update(QUIET_TENSORFLOW)

# Grade cells are judged outside the learner's kernel, from the submitted code,
# right after the notebook ran (autograder.nbgrader.judge_cells).
# `python -m autograder grade` sets KIT_SKIP_EXECUTE=1: its verdicts need no kernel.
execute = [] if os.environ.get("KIT_SKIP_EXECUTE") == "1" else [Execute]
c.Autograde.autograde_preprocessors = [
    *execute,
    JudgeGradeCells,
    IgnorePattern,
    ClearMetadataPreprocessor,
    LimitOutput,
    SaveAutoGrades,
    AssignLatePenalties,
    CheckCellMetadata,
]
# The slowest learner cell (a short training run) must fit; 30 s is nbgrader's default.
c.Execute.timeout = 300
# The limits on learner code and the judge: the kit's defaults
# (`autograder.protocol.Limits`); to change one, e.g.
# `json.dumps(dataclasses.replace(DEFAULT_LIMITS, seconds=60).to_json())`.
c.JudgeGradeCells.limits = json.dumps(DEFAULT_LIMITS.to_json())

# Feedback shows every check's message but never the code of hidden tests.
c.GenerateFeedback.preprocessors = [GetGrades, ClearHiddenTests, CSSHTMLHeaderPreprocessor]
c.ClearHiddenTests.enforce_metadata = False

# A grade cell deleted by a learner comes back (and scores what its checks say).
c.OverwriteCells.add_missing_cells = True

c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}

# A debugging exercise's answer cell is released with the source text's wrong
# code in place of that stub (autograder.nbgrader.start_code).
release = list(GenerateAssignment.class_traits()["preprocessors"].default())
release.insert(release.index(ClearSolutions) + 1, ReleaseStartCode)
c.GenerateAssignment.preprocessors = release
