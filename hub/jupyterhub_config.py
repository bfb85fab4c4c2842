"""JupyterHub on one machine for the kit's nbgrader course (`make hub`, `tools/hub.py`).

- Log-in: JupyterHub's SharedPasswordAuthenticator (the successor of
  DummyAuthenticator's password) with one password for every user
  (`PASSWORD`, below). It is NOT a secret: the hub listens on 127.0.0.1 only,
  for trying the course and for the browser test. For real users, see
  `docs/instructors.md` ("Running the course on a JupyterHub").
- Servers: SimpleLocalProcessSpawner, one Jupyter server per user, as the
  hub's own Unix user, each in a home folder of its own
  (`<state>/home/<user>`). nbgrader names the student by the hub user name
  (`JUPYTERHUB_USER`), so `submit` records `alice`, not the Unix user.
- The course: a JupyterHub service named after the course id, the
  instructor's Jupyter server with nbgrader's formgrader, running in the
  course folder (`<state>/course`), started by `tools/hub.py`; the
  `formgrade-<course>` group may use it, the `nbgrader-<course>` group holds
  the students.
- The exchange: `<state>/exchange` (world-writable, sticky), named with the
  course id in `<state>/etc/jupyter/nbgrader_config.py`, which every server
  and the course service read (`JUPYTER_CONFIG_PATH`).
- The proxy: configurable-http-proxy from npm (`hub/package.json`,
  installed by `npm ci` into `hub/node_modules`).

`tools/hub.py` lays out `<state>` and sets the variables read below:
KIT_HUB_STATE (the folder), KIT_HUB_PORTS (four free loopback ports: public,
hub, proxy API, course service), KIT_HUB_INSTRUCTORS and KIT_HUB_STUDENTS
(comma-separated user names), KIT_HUB_SERVICE_TOKEN (the course service's API
token, new at each start) and KIT_HUB_SERVER_ENV (the servers' environment, JSON).
"""

import json
import os
import pathlib
import sys

from autograder.nbgrader import COURSE_ID

c = get_config()  # noqa: F821 - provided by JupyterHub

#: The shared log-in password of every user of this hub: not a secret (see above).
PASSWORD = "functional-api"

HERE = pathlib.Path(__file__).resolve().parent
STATE = pathlib.Path(os.environ["KIT_HUB_STATE"])
PUBLIC, HUB, PROXY_API, SERVICE = (int(p) for p in os.environ["KIT_HUB_PORTS"].split(","))
INSTRUCTORS = os.environ["KIT_HUB_INSTRUCTORS"].split(",")
STUDENTS = os.environ["KIT_HUB_STUDENTS"].split(",")
BIN = pathlib.Path(sys.executable).parent  # the kit's venv: jupyterhub-singleuser, nbgrader
AS_ROOT = ["--allow-root"] if os.geteuid() == 0 else []
# What every Jupyter server of the hub gets (`tools.hub.server_env`): TensorFlow
# kept quiet, the venv's bin/ first on PATH, the hub's nbgrader config.
SERVER_ENV = json.loads(os.environ["KIT_HUB_SERVER_ENV"])

# The hub, its proxy and its database, on loopback.
c.JupyterHub.ip = "127.0.0.1"
c.JupyterHub.port = PUBLIC
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = HUB
c.JupyterHub.db_url = f"sqlite:///{STATE / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(STATE / "jupyterhub_cookie_secret")
c.ConfigurableHTTPProxy.command = [str(HERE / "node_modules" / ".bin" / "configurable-http-proxy")]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{PROXY_API}"
c.ConfigurableHTTPProxy.pid_file = str(STATE / "proxy.pid")

# Who may log in, with which password. No hub admin: the instructor's rights
# are the formgrade group's (below).
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = PASSWORD
c.Authenticator.allowed_users = set(INSTRUCTORS + STUDENTS)

# One local Jupyter server per user, in its own home folder, opening JupyterLab.
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = str(STATE / "home" / "{username}")
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.args = AS_ROOT
c.Spawner.default_url = "/lab"
c.Spawner.environment = SERVER_ENV
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120

# nbgrader's course set-up: the course service runs the formgrader in the course
# folder; its group may use it; students are in the course's nbgrader group.
c.JupyterHub.load_groups = {
    f"formgrade-{COURSE_ID}": {"users": INSTRUCTORS},
    f"nbgrader-{COURSE_ID}": {"users": STUDENTS},
}
c.JupyterHub.load_roles = [
    {
        "name": f"formgrade-{COURSE_ID}",
        "groups": [f"formgrade-{COURSE_ID}"],
        "scopes": [
            f"access:services!service={COURSE_ID}",
            "list:services",
            f"read:services!service={COURSE_ID}",
        ],
    },
    {
        "name": f"nbgrader-{COURSE_ID}",
        "groups": [f"nbgrader-{COURSE_ID}"],
        "scopes": ["list:services", f"read:services!service={COURSE_ID}"],
    },
    # A server's token may do what its user may (nbgrader's course list asks
    # the hub which courses its user has).
    {"name": "server", "scopes": ["inherit"]},
]
# The course service is started by `tools/hub.py` once the hub answers (an
# external service: JupyterHub gives a service it starts itself 10 s to answer,
# too short for a Jupyter server on a loaded machine); the hub knows its
# address and token, and logs its users in with OAuth.
c.JupyterHub.services = [
    {
        "name": COURSE_ID,
        "url": f"http://127.0.0.1:{SERVICE}",
        "api_token": os.environ["KIT_HUB_SERVICE_TOKEN"],
        "oauth_client_id": f"service-{COURSE_ID}",
        "oauth_redirect_uri": f"/services/{COURSE_ID}/oauth_callback",
        "oauth_no_confirm": True,
    }
]
