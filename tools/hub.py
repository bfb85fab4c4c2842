"""JupyterHub on one machine with the kit's course (`make hub`): lay it out, start it, stop it.

`prepare` lays out a state folder: the course (`course/`, built by
`tools/demo.prepare`: source notebooks and the release of the assignments),
the exchange (`exchange/`, world-writable and sticky, as nbgrader wants it),
a home folder per user and for the course service (`home/`), and the
nbgrader config every server of the hub reads (`etc/jupyter/`).
`running` starts `jupyterhub -f hub/jupyterhub_config.py` on free loopback
ports and stops it, with its proxy, servers and kernels, when the block ends.
The proxy comes from npm: `npm ci` in `hub/` when `hub/node_modules` is missing.
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import dataclasses
import json
import os
import pathlib
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

from autograder.nbgrader import COURSE_ID
from tools import demo
from tools.build_course import ROOT

HUB = ROOT / "hub"
PROXY = HUB / "node_modules" / ".bin" / "configurable-http-proxy"
INSTRUCTORS = ("instructor",)
STUDENTS = ("alice", "bob")
ASSIGNMENTS = ("functional_api_1",)
# The server extensions the course service does without (formgrader stays on).
SERVICE_OFF = (
    "jupyterlab",
    "jupyterlab_jupytext",
    "jupyter_lsp",
    "jupyter_server_terminals",
    "notebook",
    "notebook_shim",
    "nbgrader.server_extensions.assignment_list",
    "nbgrader.server_extensions.course_list",
    "nbgrader.server_extensions.validate_assignment",
)
INSTALL_NODE = "apt-get install nodejs npm (Debian/Ubuntu), or conda install -c conda-forge nodejs"


@dataclasses.dataclass(frozen=True)
class Hub:
    """A running hub.

    Attributes:
        url: Its public address, `http://127.0.0.1:PORT/`.
        state: The state folder (`prepare`).
        log: The hub's log file (the hub's, its proxy's and its servers' output).
        process: The `jupyterhub` process.
    """

    url: str
    state: pathlib.Path
    log: pathlib.Path
    process: subprocess.Popen

    @property
    def course(self) -> pathlib.Path:
        return self.state / "course"

    def home(self, user: str) -> pathlib.Path:
        return self.state / "home" / user


def install_proxy() -> None:
    """`npm ci` in `hub/` when configurable-http-proxy is not installed there.

    Raises:
        RuntimeError: if npm is missing or `npm ci` fails (with its output).
    """
    if PROXY.is_file():
        return
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError(f"npm is missing (the hub's proxy comes from npm): {INSTALL_NODE}.")
    proc = subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"], cwd=HUB, capture_output=True, text=True
    )
    if proc.returncode != 0 or not PROXY.is_file():
        raise RuntimeError(f"npm ci in hub/ failed:\n{proc.stdout}{proc.stderr}")


def prepare(state: pathlib.Path, assignments=ASSIGNMENTS) -> None:
    """Lays out the hub's state folder: course, exchange, homes, nbgrader config.

    Args:
        state: The folder (made if missing). An existing course there is kept
            (its gradebook and submissions too); only missing releases are made.
        assignments: The assignments built and released (`generate_assignment`).
    """
    course, exchange = state / "course", state / "exchange"
    if not all((course / "release" / a).is_dir() for a in assignments):
        demo.prepare(course, list(assignments))
    exchange.mkdir(parents=True, exist_ok=True)
    os.chmod(exchange, 0o1777)
    for assignment in assignments:  # released to the students
        if not (exchange / COURSE_ID / "outbound" / assignment).is_dir():
            demo.nbgrader(course, "release_assignment", assignment, f"--Exchange.root={exchange}")
    for user in (*INSTRUCTORS, *STUDENTS, f"grader-{COURSE_ID}"):
        (state / "home" / user).mkdir(parents=True, exist_ok=True)
    # The course service serves the formgrader alone (it must answer within 10 s).
    service = state / "etc" / "course-service"
    service.mkdir(parents=True, exist_ok=True)
    (service / "jupyter_server_config.json").write_text(
        json.dumps({"ServerApp": {"jpserver_extensions": dict.fromkeys(SERVICE_OFF, False)}}),
        encoding="utf-8",
    )
    config = state / "etc" / "jupyter"
    config.mkdir(parents=True, exist_ok=True)
    # JupyterLab asks no question about news on the first visit.
    (config / "labconfig").mkdir(exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}),
        encoding="utf-8",
    )
    (config / "nbgrader_config.py").write_text(
        "# Every server of the hub: the course and its exchange.\n"
        "import os\n\n"
        "c = get_config()  # noqa: F821\n"
        f'c.CourseDirectory.course_id = "{COURSE_ID}"\n'
        f'c.Exchange.root = "{exchange}"\n'
        "# On a user's server nbgrader acts for the hub user (its Unix user is the hub's).\n"
        'if os.environ.get("JUPYTERHUB_USER") and not os.environ.get("JUPYTERHUB_SERVICE_NAME"):\n'
        '    c.CourseDirectory.student_id = os.environ["JUPYTERHUB_USER"]\n',
        encoding="utf-8",
    )


def password() -> str:
    """The shared log-in password, as `hub/jupyterhub_config.py` sets it (`PASSWORD`)."""
    tree = ast.parse((HUB / "jupyterhub_config.py").read_text(encoding="utf-8"))
    for node in tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(t, ast.Name) and t.id == "PASSWORD" for t in targets):
            return ast.literal_eval(node.value)
    raise RuntimeError("hub/jupyterhub_config.py sets no PASSWORD")


def _free_ports(n: int) -> list[int]:
    import socket

    sockets = [socket.socket() for _ in range(n)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _stop(proc: subprocess.Popen) -> None:
    """SIGTERM to the hub (it stops its servers, services and proxy); then its whole group."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # whatever outlived it: kernels, build processes
    proc.wait()


#: JupyterHub gives a managed service 10 tries of 1 s to answer, then exits with this
#: line; on a loaded machine the course service can miss that the first time.
SERVICE_LATE = f"Cannot connect to {COURSE_ID} service managed"
STARTS = 3  # how many times `running` starts the hub when the course service was late


def _start(state: pathlib.Path, log: pathlib.Path) -> Hub:
    public, *others = _free_ports(4)
    env = dict(
        os.environ,
        KIT_HUB_STATE=str(state),
        KIT_HUB_PORTS=",".join(map(str, [public, *others])),
        KIT_HUB_INSTRUCTORS=",".join(INSTRUCTORS),
        KIT_HUB_STUDENTS=",".join(STUDENTS),
        PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
    )
    with open(log, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterhub", "-f", str(HUB / "jupyterhub_config.py")],
            cwd=state,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return Hub(f"http://127.0.0.1:{public}/", state, log, proc)


def _answers(hub: Hub, deadline: float) -> bool:
    """Waits until the hub answers (True), or it exited or the deadline passed (False)."""
    while True:
        try:
            with urllib.request.urlopen(f"{hub.url}hub/api/", timeout=5):
                return True
        except OSError:
            if hub.process.poll() is not None or time.monotonic() > deadline:
                return False
            time.sleep(0.5)


@contextlib.contextmanager
def running(state: pathlib.Path, start_seconds: float = 180):
    """Starts the hub of `state` (laid out by `prepare`) and stops it when the block ends.

    When the hub exits because the course service did not answer within
    JupyterHub's 10 s (`SERVICE_LATE`, a loaded machine), it is started again,
    `STARTS` times at most; the log keeps every attempt.

    Args:
        state: The state folder.
        start_seconds: How long the hub may take to answer, all attempts together.

    Yields:
        A `Hub`.

    Raises:
        RuntimeError: if the proxy cannot be installed, or the hub does not
            answer in time (with its log).
    """
    install_proxy()
    log = state / "jupyterhub.log"
    deadline = time.monotonic() + start_seconds
    for _ in range(STARTS):
        seen = log.stat().st_size if log.exists() else 0  # this attempt's part of the log
        hub = _start(state, log)
        try:
            if _answers(hub, deadline):
                yield hub
                return
        finally:
            _stop(hub.process)
        with open(log, encoding="utf-8", errors="replace") as f:
            f.seek(seen)
            late = SERVICE_LATE in f.read()
        if not late or time.monotonic() > deadline:
            break
    raise RuntimeError(f"JupyterHub did not start:\n{log.read_text()}")


def _shown(path: pathlib.Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def main(argv=None) -> int:
    """`make hub`: lays out `build/hub/`, starts the hub, prints who logs in; Ctrl-C stops it."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--state", type=pathlib.Path, default=ROOT / "build" / "hub", help="the state folder"
    )
    args = parser.parse_args(argv)
    state = args.state.resolve()
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops the hub as Ctrl-C does
    print(f"hub: laying out {_shown(state)}")
    prepare(state)
    with running(state) as hub:
        print(f"hub: {hub.url}")
        print(f"  instructor: {', '.join(INSTRUCTORS)}")
        print(f"  formgrader: {hub.url}services/{COURSE_ID}/formgrader")
        print(f"  students:   {', '.join(STUDENTS)}")
        print(f"  password:   {password()} (every user; not a secret: hub/jupyterhub_config.py)")
        print(f"  log:        {_shown(hub.log)}")
        print("Ctrl-C stops the hub.")
        try:
            code = hub.process.wait()
            print(f"hub: JupyterHub exited with status {code}; its log: {_shown(hub.log)}")
            return 1
        except KeyboardInterrupt:
            print("hub: stopping")
    return 0


if __name__ == "__main__":
    sys.exit(main())
