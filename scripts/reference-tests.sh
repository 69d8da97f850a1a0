#!/usr/bin/env bash
# The reference tests (@pytest.mark.reference): Accord against decide-exchange-model and NegMAS
# themselves, in .venv-bench (benchmarks/setup-reference-env.sh), never in Accord's own .venv.
#
# Builds .venv-bench when it is missing or its recipe changed (a clean clone: ~3 min here),
# then runs every test marked `reference` with it. When the package registries cannot be
# reached, says so and lists the reference tests that were not run (exit 0: nothing Accord can
# fix); when the registries answer but the build or a test fails, exits non-zero.
# Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_TIMEOUT=${REFERENCE_BUILD_TIMEOUT:-900}   # seconds; CI's whole run has 90 minutes
STAMP=.venv-bench/.accord-recipe
recipe=$(cat benchmarks/setup-reference-env.sh pyproject.toml | sha256sum | cut -d' ' -f1)
files=$(grep -rlE "mark\.reference" tests --include='*.py' | sort)

not_run() {
  echo "reference tests NOT RUN ($1):" >&2
  if [ -x .venv/bin/python ]; then
    .venv/bin/python -m pytest --collect-only -q -p no:cacheprovider -m reference $files 2>/dev/null \
      | grep '::' | sed 's/^/  not run: /' >&2 || true
  else
    echo "$files" | sed 's/^/  not run: tests in /' >&2
  fi
}

if [ ! -x .venv-bench/bin/python ] || [ "$(cat "$STAMP" 2>/dev/null)" != "$recipe" ]; then
  PY=python3.11
  command -v "$PY" >/dev/null 2>&1 || PY=python3
  probe=$(mktemp -d)
  # Can the registries pip is configured with be reached? Ask for the two references only.
  if ! "$PY" -m pip download -q --no-deps --timeout 20 --retries 1 --dest "$probe" \
        "negmas==0.16.*" "decide-exchange-model==2022.1.28" >"$probe/log" 2>&1; then
    tail -n 3 "$probe/log" >&2
    rm -rf "$probe"
    not_run "the package registries cannot be reached to build .venv-bench"
    exit 0
  fi
  rm -rf "$probe"
  echo "building .venv-bench (decide-exchange-model, NegMAS) ..." >&2
  start=$(date +%s)
  rm -rf .venv-bench
  if ! timeout "$BUILD_TIMEOUT" bash benchmarks/setup-reference-env.sh >&2; then
    not_run "building .venv-bench failed or took over ${BUILD_TIMEOUT} s"
    exit 1
  fi
  echo "$recipe" > "$STAMP"
  echo ".venv-bench built in $(( $(date +%s) - start )) s" >&2
fi
exec .venv-bench/bin/python -m pytest -ra -m reference $files "$@"
