"""Real servers on loopback for the tests that need one, started and stopped by the test.

- `postgres()`: a throwaway PostgreSQL cluster (Debian's `postgresql` package:
  `initdb` + `pg_ctl`) in a temporary folder on a free port, trust
  authentication on 127.0.0.1 only.
- `jupyter_server()`: a Jupyter server with nbgrader's server extensions
  (formgrader) in a course folder.
- `dask_cluster()`: a `dask scheduler` and `dask worker` processes (the
  command line of `distributed`), as an instructor starts them by hand.
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import pathlib
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

INSTALL_POSTGRES = (
    "apt-get install postgresql (Debian/Ubuntu), or conda install -c conda-forge postgresql"
)


def free_port() -> int:
    """A TCP port free on 127.0.0.1 now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _postgres_bin(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None
    )
    if found is None:
        raise RuntimeError(f"PostgreSQL's `{name}` is missing: {INSTALL_POSTGRES}.")
    return found


@contextlib.contextmanager
def postgres(database: str = "gradebook"):
    """A PostgreSQL server on a free loopback port, with one empty database.

    PostgreSQL refuses to run as root: when the tests run as root, the cluster
    belongs to the `postgres` user of Debian's package (`runuser`).

    Args:
        database: The database to create.

    Yields:
        Its SQLAlchemy URL, `postgresql://grader@127.0.0.1:PORT/DATABASE`.

    Raises:
        RuntimeError: if PostgreSQL is not installed, or the server does not start
            (with its log).
    """
    initdb, pg_ctl = _postgres_bin("initdb"), _postgres_bin("pg_ctl")
    prefix: list[str] = []
    folder = pathlib.Path(tempfile.mkdtemp(prefix="kit-postgres-"))
    if os.geteuid() == 0:
        owner = pwd.getpwnam("postgres")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data, log, port = folder / "data", folder / "server.log", free_port()

    def run(*args: str) -> None:
        proc = subprocess.run([*prefix, *args], capture_output=True, text=True)
        if proc.returncode != 0:
            server_log = log.read_text() if log.is_file() else ""
            raise RuntimeError(f"{args[0]} failed:\n{proc.stdout}{proc.stderr}{server_log}")

    run(initdb, "-D", str(data), "-U", "grader", "--auth=trust", "-E", "UTF8", "--no-sync")
    options = f"-h 127.0.0.1 -p {port} -k {folder} -c fsync=off"
    run(pg_ctl, "-D", str(data), "-l", str(log), "-o", options, "-w", "-t", "60", "start")
    try:
        import sqlalchemy

        admin = sqlalchemy.create_engine(f"postgresql://grader@127.0.0.1:{port}/postgres")
        with admin.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(sqlalchemy.text(f'CREATE DATABASE "{database}"'))
        admin.dispose()
        yield f"postgresql://grader@127.0.0.1:{port}/{database}"
    finally:
        subprocess.run(
            [*prefix, pg_ctl, "-D", str(data), "-m", "fast", "-w", "stop"], capture_output=True
        )
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def jupyter_server(root: pathlib.Path, env: dict | None = None):
    """A Jupyter server (with nbgrader's formgrader) serving `root`, on a free loopback port.

    Args:
        root: The folder it serves and runs in; nbgrader reads its
            `nbgrader_config.py` from there.
        env: The server's environment (default: this process's).

    Yields:
        `get(path)`: the JSON of a GET on the server's API, authenticated with
        the server's token.
    """
    port, token = free_port(), secrets.token_hex(16)
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "jupyter",
            "server",
            f"--port={port}",
            "--ip=127.0.0.1",
            f"--IdentityProvider.token={token}",
            "--ServerApp.open_browser=False",
            "--allow-root",
            f"--ServerApp.root_dir={root}",
        ],
        cwd=root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )

    def get(path: str):
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}{path}", headers={"Authorization": f"token {token}"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read())

    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                get("/api/status")
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    raise RuntimeError(f"jupyter server did not start:\n{log.read()}") from None
                time.sleep(0.3)
        yield get
    finally:
        _stop(proc)
        log.close()


def _stop(proc: subprocess.Popen) -> None:
    """Ends a server process: SIGTERM, then SIGKILL after 30 s."""
    if proc.poll() is None:
        proc.terminate()
    try:
        proc.wait(30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextlib.contextmanager
def dask_cluster(workers: int = 2):
    """A Dask scheduler and `workers` worker processes on free loopback ports.

    Each worker is one process (`--no-nanny`: nothing starts it again when it
    dies) with one thread, in a temporary folder of its own. All of them are
    stopped on exit, whatever happened.

    Args:
        workers: Worker processes to start.

    Yields:
        `(address, procs)`: the scheduler's `tcp://127.0.0.1:PORT` and the
        workers' `subprocess.Popen`s.

    Raises:
        RuntimeError: if the workers do not join the scheduler within 120 s
            (with the processes' logs).
    """
    from distributed import Client

    dask = os.path.join(os.path.dirname(sys.executable), "dask")
    folder = pathlib.Path(tempfile.mkdtemp(prefix="kit-dask-"))
    port = free_port()
    address = f"tcp://127.0.0.1:{port}"
    on_loopback = ["--host", "127.0.0.1", "--no-dashboard"]
    procs: list[subprocess.Popen] = []
    logs = []

    def start(name: str, *args: str) -> subprocess.Popen:
        (folder / name).mkdir()
        log = open(folder / f"{name}.log", "w")  # closed on exit
        logs.append(log)
        proc = subprocess.Popen(
            [dask, *args, *on_loopback], cwd=folder / name, stdout=log, stderr=subprocess.STDOUT
        )
        procs.append(proc)
        return proc

    try:
        start("scheduler", "scheduler", "--port", str(port))
        one_thread = ["--nthreads", "1", "--no-nanny"]
        pool = [start(f"worker{i}", "worker", address, *one_thread) for i in range(workers)]
        try:
            with Client(address, timeout=120) as client:
                client.wait_for_workers(workers, timeout=120)
        except (OSError, TimeoutError) as error:
            text = "".join(p.read_text() for p in sorted(folder.glob("*.log")))
            raise RuntimeError(f"the Dask cluster did not start ({error}):\n{text}") from None
        yield address, pool
    finally:
        for proc in reversed(procs):
            _stop(proc)
        for log in logs:
            log.close()
        shutil.rmtree(folder, ignore_errors=True)
