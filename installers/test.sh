#!/usr/bin/env bash
# README command 2: install everything and run the whole test suite — lint, types, and pytest on
# SQLite and PostgreSQL (127.0.0.1:5432, user postgres, database test; started here if it is down,
# and on a bare machine installed and run as a throwaway cluster for this run).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installers/setup.sh

PG_URL=${KVARTAL_TEST_PG:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
# shellcheck source=installers/test_postgres.sh
source installers/test_postgres.sh
ensure_test_postgres

export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/mypy app
.venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
