#!/usr/bin/env bash
# README command 2: install everything and run the whole test suite — lint, types, and pytest on
# SQLite and PostgreSQL (127.0.0.1:5432, user postgres, database test; started here if it is down).
set -euo pipefail
cd "$(dirname "$0")/.."
bash installers/setup.sh

PG_URL=${KVARTAL_TEST_PG:-postgresql+psycopg://postgres@127.0.0.1:5432/test}
if [ "$PG_URL" != skip ] && ! .venv/bin/python - "$PG_URL" <<'PY' 2>/dev/null
import sys, psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://")
psycopg.connect(url, connect_timeout=3).close()
PY
then
  echo "PostgreSQL не отвечает — запускаю"
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && break
    sleep 1
  done
fi

export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/mypy app
.venv/bin/lint-imports
.venv/bin/python -m pytest -n 2 -p no:cacheprovider "$@"
