#!/usr/bin/env bash
# Sourced by installers/test.sh: make sure a PostgreSQL answers at $PG_URL for the test suite.
#   1. it answers already — nothing to do;
#   2. a Debian cluster is installed but stopped — start it (CI's case);
#   3. no server at all (a bare Debian/Ubuntu) — install the server package and run a throwaway
#      cluster in a temporary folder (trust authentication, only on 127.0.0.1) for this run,
#      stopped and removed when the tests end.
# KVARTAL_TEST_PG=skip runs the SQLite half only.

pg_answers() {
  .venv/bin/python - "$PG_URL" <<'PY' 2>/dev/null
import sys, psycopg
url = sys.argv[1].replace("postgresql+psycopg://", "postgresql://")
psycopg.connect(url, connect_timeout=3).close()
PY
}

pg_wait() {
  for _ in $(seq 1 30); do
    pg_answers && return 0
    sleep 1
  done
  return 1
}

pg_throwaway_cluster() {
  local port=$1 bin data as_pg=()
  if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
    echo "PostgreSQL не установлен — ставлю пакет postgresql для тестов"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq postgresql >/dev/null
    # the package may have made and started its own cluster: use it if it answers
    if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
      pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start \
        >/dev/null 2>&1 || true
      pg_wait && return 0
    fi
  fi
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)
  data=$(mktemp -d /tmp/kvartal-test-pg.XXXXXX)
  if [ "$(id -u)" -eq 0 ]; then  # initdb refuses to run as root
    chown postgres "$data"
    as_pg=(runuser -u postgres --)
  fi
  echo "Запускаю временный кластер PostgreSQL в $data (порт $port)"
  "${as_pg[@]}" "$bin/initdb" -D "$data/db" -A trust -U postgres -E UTF8 >/dev/null
  "${as_pg[@]}" "$bin/pg_ctl" -D "$data/db" -l "$data/log" -w \
    -o "-p $port -k $data -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
  "${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p "$port" -U postgres test
  # values expanded now: the trap runs after this function's locals are gone
  local stop
  stop=$(printf '%q ' "${as_pg[@]}" "$bin/pg_ctl" -D "$data/db" -m fast stop)
  # shellcheck disable=SC2064
  trap "$stop >/dev/null 2>&1; rm -rf $(printf '%q' "$data")" EXIT
}

ensure_test_postgres() {
  [ "$PG_URL" = skip ] && return 0
  pg_answers && return 0
  echo "PostgreSQL не отвечает — запускаю"
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n1)" main start \
      || true
    pg_wait && return 0
  fi
  local port
  port=$(.venv/bin/python -c "
import sys; from sqlalchemy.engine import make_url
print(make_url(sys.argv[1]).port or 5432)" "$PG_URL")
  pg_throwaway_cluster "$port"
  pg_wait || { echo "PostgreSQL так и не ответил на $PG_URL" >&2; return 1; }
}
