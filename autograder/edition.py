"""Which kit this copy of the grader is: the full kit or the student kit.

The full kit (the repository: instructors, and readers working alone) has
every check and reads reference solutions from `solutions/`. The student
kit's build (`tools/student_kit.py`) ships this module with `EDITION =
"student"`: its exercise modules hold only the visible checks, and
`ex.<id>.solution()` says that solutions are not part of it.
"""

FULL = "full"
STUDENT = "student"

#: `FULL` in the repository; `STUDENT` in the wheel that `make student-kit` builds.
EDITION = FULL
