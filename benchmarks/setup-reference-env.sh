#!/usr/bin/env bash
# Build .venv-bench: Accord plus the reference implementations the benchmarks compare against
# (decide-exchange-model 2022.1.28 — the newest that supports Python 3.11 — and NegMAS 0.16).
# They are installed from PyPI for comparison only; Accord never imports them.
# decide pins numpy 1.23.4, so it is installed without its dependencies, next to the few it
# really needs at run time (peewee < 4: its model code breaks with peewee 4).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=python3.11
command -v "$PY" >/dev/null 2>&1 || PY=python3
[ -x .venv-bench/bin/python ] || "$PY" -m venv .venv-bench
.venv-bench/bin/python -m pip install -q --upgrade pip
.venv-bench/bin/python -m pip install -q -e . "peewee<4" "typesystem==0.2.5" blinker "negmas==0.16.*" pytest
.venv-bench/bin/python -m pip install -q --no-deps "decide-exchange-model==2022.1.28"
echo "ready: .venv-bench/bin/python benchmarks/bench_exchange.py (and bench_deals.py, bench_simulate.py)"
