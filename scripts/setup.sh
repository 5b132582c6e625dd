#!/usr/bin/env bash
# Installs what building, running and testing eyhub need on Debian bookworm (as root, or with
# sudo): librdkafka, its tools and jq (which `eyhub bench mapping` compares against) from apt, the
# embedded broker noida-db from PyPI. Safe to run again: it installs only what is missing.
set -euo pipefail

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_packages=(librdkafka-dev libssl-dev pkg-config kcat jq)
# python3 and pip may come from elsewhere (pyenv, a venv): ask apt only when there are none.
command -v python3 >/dev/null 2>&1 || apt_packages+=(python3)
python3 -m pip --version >/dev/null 2>&1 || apt_packages+=(python3-pip)
missing=()
for package in "${apt_packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing ${missing[*]} with apt"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

pip_install() {
  # Debian's own python3 refuses system-wide pip installs unless told otherwise (PEP 668).
  python3 -m pip install --quiet --disable-pip-version-check "$@" \
    || python3 -m pip install --quiet --disable-pip-version-check --break-system-packages "$@"
}
if ! python3 -c 'import noida_db' >/dev/null 2>&1; then
  echo "setup: installing noida-db (embedded Kafka-compatible broker) from PyPI"
  pip_install noida-db
fi
# An independent JSON Schema validator, used by the tests to check the published schema
# (rfc3339-validator lets it check the date-time format).
if ! python3 -c 'import jsonschema, rfc3339_validator' >/dev/null 2>&1; then
  echo "setup: installing jsonschema and rfc3339-validator from PyPI"
  pip_install jsonschema rfc3339-validator
fi

command -v swift >/dev/null 2>&1 || { echo "setup: the Swift toolchain (swift) must be on PATH" >&2; exit 1; }
echo "setup: librdkafka $(pkg-config --modversion rdkafka), kcat $(kcat -V 2>&1 | grep -o 'Version [0-9.]*' | head -1 | cut -d' ' -f2), $(jq --version), noida-db and jsonschema ready"
