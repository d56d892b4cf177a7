#!/usr/bin/env bash
# The whole suite: lint, migrations check, tests on SQLite, then on PostgreSQL, then browser tests.
# Used by `make test` (and so by .ci/run). Set SKIP_POSTGRES=1 or SKIP_E2E=1 to skip a leg locally.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
export HEALTHYCITY_TESTING=1 PYTHONDONTWRITEBYTECODE=1
PG_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"

echo "== ruff"
$BIN/ruff check src tests benchmarks
$BIN/ruff format --check src tests benchmarks

echo "== migrations are complete"
DJANGO_SETTINGS_MODULE=tests.settings PYTHONPATH=. $BIN/healthycity makemigrations --check --dry-run >/dev/null \
  || { echo "makemigrations --check: models changed without a migration"; exit 1; }

echo "== compiled translations are current"
bash scripts/check-messages.sh

echo "== tests on SQLite"
unset DATABASE_URL
$BIN/pytest -q -m "not e2e" -p no:cacheprovider

if [ "${SKIP_POSTGRES:-0}" != "1" ]; then
  echo "== tests on PostgreSQL ($PG_URL)"
  DATABASE_URL="$PG_URL" $BIN/pytest -q -m "not e2e" -p no:cacheprovider
fi

if [ "${SKIP_E2E:-0}" != "1" ]; then
  echo "== browser tests (Debian chromium via Playwright)"
  DJANGO_ALLOW_ASYNC_UNSAFE=true $BIN/pytest -q -m e2e -p no:cacheprovider
fi
