#!/usr/bin/env bash
# Set everything up and run the whole test suite (what CI runs through .ci/run).
# Creates .venv with Accord and its test dependencies, installs Debian's Chromium for the
# browser tests when it is missing, then runs pytest with any arguments given.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python3.11
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv/bin/python ] || "$PY" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
if [ ! -x /usr/bin/chromium ]; then
  if command -v apt-get >/dev/null 2>&1; then
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
      || echo "warning: could not install chromium; the browser tests will be skipped" >&2
  fi
fi
exec .venv/bin/python -m pytest "$@"
