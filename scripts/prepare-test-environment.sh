#!/usr/bin/env bash
# Brings up what the test suite needs on a fresh machine: PostgreSQL and
# Redis (started the way these machines start them, if they are down),
# Debian's radicale for the CalDAV tests and
# Debian's Chromium for the end-to-end tests (Playwright cannot download its
# own browsers here). Safe to run repeatedly; does nothing when all is up.
set -euo pipefail

log() { echo "[prepare] $*"; }

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    log "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start || true
  fi
  for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done
  pg_isready -q -h 127.0.0.1 -p 5432 || { echo "PostgreSQL is not reachable on 127.0.0.1:5432" >&2; exit 1; }
fi

if command -v redis-cli >/dev/null 2>&1 && ! redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1; then
  if command -v redis-server >/dev/null 2>&1; then
    log "starting Redis"
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log || true
  fi
fi

apt_install() {
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    if [ -z "${APT_UPDATED:-}" ]; then apt-get update -qq; APT_UPDATED=1; fi
    apt-get install -y -qq "$@" >/dev/null
  else
    echo "Tests need: $* (install them from Debian's packages)" >&2
    exit 1
  fi
}

# The transaction-pooling test runs the tenant client through a real PgBouncer.
if [ -z "${PGBOUNCER_PATH:-}" ] && [ ! -x /usr/sbin/pgbouncer ]; then
  log "installing Debian's pgbouncer for the transaction-pooling test"
  apt_install pgbouncer
fi

# The CalDAV tests run a real CalDAV server (Debian's radicale) on a free port.
if [ -z "${RADICALE_PATH:-}" ] && [ ! -x /usr/bin/radicale ]; then
  log "installing Debian's radicale for the CalDAV tests"
  apt_install radicale
fi

if compgen -G "e2e/*.spec.ts" >/dev/null && [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  log "installing Debian's chromium for the end-to-end tests"
  apt_install chromium
fi
