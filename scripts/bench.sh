#!/usr/bin/env bash
# Run every benchmark in benchmarks/. Each prints its figure next to a baseline run in the same process.
set -euo pipefail
cd "$(dirname "$0")/.."
export HEALTHYCITY_TESTING=1 DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=.
for script in benchmarks/bench_*.py; do
  [ -e "$script" ] || continue
  if [ -n "${BENCH:-}" ] && [[ "$script" != *"$BENCH"* ]]; then continue; fi
  echo "== $script"
  .venv/bin/python "$script"
done
