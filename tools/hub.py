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
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request

from autograder.nbgrader import COURSE_ID
from autograder.sandbox import QUIET_TENSORFLOW
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
    """SIGTERM (the hub stops its servers and proxy), 60 s to exit, then SIGKILL to its group."""
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(60)
        except subprocess.TimeoutExpired:
            pass
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)  # whatever outlived it: kernels, build processes
    proc.wait()


def server_env(state: pathlib.Path) -> dict[str, str]:
    """What every Jupyter server of the hub gets, the users' and the course service's.

    TensorFlow kept quiet (nbgrader scores stderr as a failed cell), the kit's
    venv first on `PATH` (nbgrader calls `alembic`), and the hub's nbgrader
    config (`etc/jupyter/`, see `prepare`).
    """
    return {
        **QUIET_TENSORFLOW,
        "PATH": os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
        "JUPYTER_CONFIG_PATH": str(state / "etc" / "jupyter"),
    }


def _launch(command: list[str], cwd: pathlib.Path, env: dict, log: pathlib.Path):
    with open(log, "ab") as out:
        return subprocess.Popen(
            command,
            cwd=cwd,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: `_stop` ends what it started
        )


def _answers(url: str, proc: subprocess.Popen, deadline: float) -> None:
    """Waits until `url` gives an HTTP answer (any status).

    Raises:
        RuntimeError: if `proc` exits or the deadline passes first.
    """
    while True:
        try:
            urllib.request.urlopen(url, timeout=5).close()
            return
        except urllib.error.HTTPError:
            return  # an answer: the server is up
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"{url} did not answer") from None
            time.sleep(0.5)


@contextlib.contextmanager
def running(state: pathlib.Path, start_seconds: float = 300):
    """Starts the hub of `state` (laid out by `prepare`) and its course service; stops both.

    The course service (a Jupyter server with the formgrader, in `course/`)
    is started here once the hub answers, as an external JupyterHub service
    with an API token new at each start: JupyterHub gives a service it starts
    itself 10 s to answer, too short for a Jupyter server on a loaded machine.

    Args:
        state: The state folder.
        start_seconds: How long the hub and the service may take to answer.

    Yields:
        A `Hub`.

    Raises:
        RuntimeError: if the proxy cannot be installed, or the hub or the
            service does not answer in time (with the log).
    """
    install_proxy()
    public, hub_port, proxy_api, service_port = _free_ports(4)
    log = state / "jupyterhub.log"
    token = secrets.token_hex(32)
    servers = server_env(state)
    hub_env = dict(
        os.environ,
        KIT_HUB_STATE=str(state),
        KIT_HUB_PORTS=f"{public},{hub_port},{proxy_api},{service_port}",
        KIT_HUB_INSTRUCTORS=",".join(INSTRUCTORS),
        KIT_HUB_STUDENTS=",".join(STUDENTS),
        KIT_HUB_SERVICE_TOKEN=token,
        KIT_HUB_SERVER_ENV=json.dumps(servers),
        PATH=servers["PATH"],
    )
    # The course service's environment, as JupyterHub gives a service it starts.
    prefix = f"/services/{COURSE_ID}/"
    scopes = json.dumps(["access:services", f"access:services!service={COURSE_ID}"])
    service_env = dict(
        os.environ,
        **servers,
        HOME=str(state / "home" / f"grader-{COURSE_ID}"),
        JUPYTER_CONFIG_DIR=str(state / "etc" / "course-service"),  # the formgrader alone
        JUPYTERHUB_SERVICE_NAME=COURSE_ID,
        JUPYTERHUB_SERVICE_URL=f"http://127.0.0.1:{service_port}",
        JUPYTERHUB_SERVICE_PREFIX=prefix,
        JUPYTERHUB_API_TOKEN=token,
        JUPYTERHUB_CLIENT_ID=f"service-{COURSE_ID}",
        JUPYTERHUB_API_URL=f"http://127.0.0.1:{hub_port}/hub/api",
        JUPYTERHUB_BASE_URL="/",
        JUPYTERHUB_HOST="",
        JUPYTERHUB_OAUTH_CALLBACK_URL=f"{prefix}oauth_callback",
        JUPYTERHUB_OAUTH_SCOPES=scopes,
        JUPYTERHUB_OAUTH_ACCESS_SCOPES=scopes,
        JUPYTERHUB_DEFAULT_URL="/formgrader",
    )
    as_root = ["--allow-root"] if os.geteuid() == 0 else []
    deadline = time.monotonic() + start_seconds
    started = []
    try:
        started.append(
            _launch(
                [sys.executable, "-m", "jupyterhub", "-f", str(HUB / "jupyterhub_config.py")],
                state,
                hub_env,
                log,
            )
        )
        hub = Hub(f"http://127.0.0.1:{public}/", state, log, started[0])
        try:
            _answers(f"{hub.url}hub/api/", hub.process, deadline)
            started.append(
                _launch(
                    [
                        os.path.join(os.path.dirname(sys.executable), "jupyterhub-singleuser"),
                        *as_root,
                    ],
                    state / "course",
                    service_env,
                    log,
                )
            )
            _answers(f"http://127.0.0.1:{service_port}{prefix}api/status", started[1], deadline)
        except RuntimeError as e:
            raise RuntimeError(f"JupyterHub did not start ({e}):\n{log.read_text()}") from None
        yield hub
    finally:
        for proc in reversed(started):
            _stop(proc)


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
