"""Where a course's gradebook lives, read the way nbgrader reads it.

nbgrader keeps grades in the database named by `CourseDirectory.db_url`
(default: SQLite, `gradebook.db` in the course folder). The kit's own readers
and writers (`grade`, the report, the demo) open the same database, so one
line in the course's `nbgrader_config.py` moves the whole course to another
server, e.g. PostgreSQL:

    c.CourseDirectory.db_url = "postgresql://grader@db.example.org/course"
"""

from __future__ import annotations

import os
import pathlib


def db_url(course: str | os.PathLike) -> str:
    """The gradebook URL of a course folder.

    Args:
        course: The nbgrader course folder, holding `nbgrader_config.py`.

    Returns:
        `c.CourseDirectory.db_url` of the course's `nbgrader_config.py` when it
        sets one, else nbgrader's default, `sqlite:///<course>/gradebook.db`.
        Only the course folder's `nbgrader_config.py` is read (with traitlets'
        loader, as nbgrader reads it); a `db_url` set in a user-level Jupyter
        config folder is not seen, so set it in the course's file.
    """
    from nbgrader.coursedir import CourseDirectory
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    course = pathlib.Path(course).resolve()
    config = Config()
    if (course / "nbgrader_config.py").is_file():
        config = PyFileConfigLoader("nbgrader_config.py", path=str(course)).load_config()
    if "db_url" in config.CourseDirectory:
        return str(config.CourseDirectory.db_url)
    return CourseDirectory(root=str(course)).db_url


def sqlite_file(url: str) -> pathlib.Path | None:
    """The database file of a `sqlite:///` URL; `None` for a database server."""
    if url.startswith("sqlite:///"):
        return pathlib.Path(url.removeprefix("sqlite:///"))
    return None


def open_gradebook(course: str | os.PathLike):
    """nbgrader's `Gradebook` of a course folder (a context manager).

    Raises:
        FileNotFoundError: if the course's gradebook is a SQLite file that does not
            exist yet (nbgrader would create an empty one).
    """
    from nbgrader.api import Gradebook

    from autograder.nbgrader import COURSE_ID

    url = db_url(course)
    path = sqlite_file(url)
    if path is not None and not path.is_file():
        raise FileNotFoundError(path)
    return Gradebook(url, course_id=COURSE_ID)
