"""What nbgrader uses: grade-cell ids and the preprocessor that judges them.

`grade_ids` builds and parses the cells' `grade_id`s (`qa_model_structure`
scores the visible checks of `qa_model`, `qa_model_behaviour` its hidden
checks) and the assignment templates' tags; `judge_cells` is the
preprocessor; `grade_class` grades a whole class.
"""

from __future__ import annotations

#: The nbgrader course id of the kit's course (`course/nbgrader_config.py`).
COURSE_ID = "keras-functional-api"
