#!/usr/bin/env bash
# Installs Splink (the reference `eyhub bench identity` compares against) into its own virtualenv,
# /opt/eyhub-splink-venv by default, from the pinned bench/identity/requirements.txt. Only the
# benchmark needs it. Safe to run again: it installs only when the venv cannot import splink.
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-/opt/eyhub-splink-venv}
if "$venv/bin/python" -c 'import splink, duckdb' >/dev/null 2>&1; then
  exit 0
fi
if ! python3 -m venv "$venv" >/dev/null 2>&1; then
  echo "setup-splink: installing python3-venv with apt"
  as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  python3 -m venv "$venv"
fi
echo "setup-splink: installing Splink into $venv (about 300 MB)"
"$venv/bin/pip" install --quiet --disable-pip-version-check -r bench/identity/requirements.txt
"$venv/bin/python" -c 'import splink, duckdb; print("setup-splink: splink", splink.__version__, "duckdb", duckdb.__version__)'
