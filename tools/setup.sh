#!/usr/bin/env bash
# Idempotent set-up of everything the kit needs: Graphviz's `dot` (a system
# program), a Python 3.11 virtual environment in .venv/ with the pinned
# packages of requirements.lock, and the kit itself (editable).
# Re-running it does nothing unless requirements.lock or pyproject.toml changed.
set -euo pipefail
cd "$(dirname "$0")/.."

can_apt() { [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; }
apt_updated=0
apt_install() {
  if [ "$apt_updated" -eq 0 ]; then apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

if ! command -v dot >/dev/null 2>&1; then
  if can_apt; then
    echo "setup: installing Graphviz (apt-get install graphviz)"
    apt_install graphviz
  else
    cat >&2 <<'MSG'
setup: Graphviz's `dot` program is missing (keras.utils.plot_model needs it).
Install it, then run the same command again:
  sudo apt-get install graphviz              # Debian / Ubuntu
  conda install -c conda-forge graphviz      # conda
MSG
    exit 1
  fi
fi

PYTHON=${PYTHON:-python3.11}
if [ ! -x .venv/bin/python ]; then
  if ! command -v "$PYTHON" >/dev/null 2>&1 && can_apt; then
    echo "setup: installing Python 3.11 (apt-get install python3.11 python3.11-venv)"
    apt_install python3.11 python3.11-venv || true
  fi
  if ! command -v "$PYTHON" >/dev/null 2>&1; then
    cat >&2 <<'MSG'
setup: Python 3.11 is missing. Install it, then run the same command again:
  sudo apt-get install python3.11 python3.11-venv             # Debian 12
  conda env create -f environment.yml && conda activate keras-functional-api-kit
Or point PYTHON at a Python 3.11 interpreter: make PYTHON=/path/to/python3.11 ...
MSG
    exit 1
  fi
  echo "setup: creating .venv with $("$PYTHON" --version)"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.kit-installed
want=$(cat requirements.lock pyproject.toml | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing the pinned packages of requirements.lock into .venv"
  .venv/bin/python -m pip install -q --disable-pip-version-check -r requirements.lock
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -e .
  echo "$want" > "$stamp"
fi

# JupyterLab of this venv opens `.py` files as notebooks (jupytext), so that a
# lesson, and a link from one lesson to another `NN_slug.py`, opens as a notebook.
viewers=.venv/etc/jupyter/labconfig/default_setting_overrides.json
if ! grep -q '"python": "Jupytext Notebook"' "$viewers" 2>/dev/null; then
  echo "setup: JupyterLab opens .py files as notebooks (jupytext-config set-default-viewer python)"
  .venv/bin/jupytext-config --settings-file "$viewers" set-default-viewer python
fi
